/* FAKE generated configuration (ours): the BSP build's GeneratedSource/cycfg.c placeholder. */
int cycfg_fake_generated;
