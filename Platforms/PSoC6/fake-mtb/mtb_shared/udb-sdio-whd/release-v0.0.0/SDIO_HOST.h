/* FAKE udb-sdio-whd (ours): the library's header, present so psoc6.mk finds the library. */
