/** The Orgo workspace the knight rows' sandbox creates and their clients use. */
export const BENCH_WORKSPACE_ID = "00000000-0000-4000-8000-0000000be0c1";
