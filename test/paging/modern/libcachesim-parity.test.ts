import { describeParity } from "./libcachesim-reference.ts";

// The small shared traces (LIRS, cache2k web07/web12, CloudPhysics); the large ones are in the slow group.
describeParity("unit");
