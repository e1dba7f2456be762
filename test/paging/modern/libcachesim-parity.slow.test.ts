import { describeParity } from "./libcachesim-reference.ts";

// The large shared traces: ARC OLTP (914 k requests) and cache2k orm-busy (5 M requests).
describeParity("slow");
