// The instance arbitraries are public now (paging-lab/proofs-check); the tests keep importing them from here.
export { smallInstance, driftingInstance, showInstance, type SmallInstance } from "../../src/proofs-check/arbitraries/instances.ts";
