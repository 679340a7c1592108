# PSoC 6 kit builds (included by the root Makefile):
#
#   make board BOARD=CY8CPROTO-062-4343W \
#        MTB_PDL=~/mtb_shared/mtb-pdl-cat1/release-v3.x.y \
#        MTB_BSP=~/myapp/bsps/TARGET_APP_CY8CPROTO-062-4343W \
#        MTB_TOOLS=~/ModusToolbox/tools_3.x
#
# MTB_PDL   mtb-pdl-cat1 (drivers/, devices/)                       required
# MTB_BSP   the kit's BSP, with config/GeneratedSource/ generated    required
# MTB_TOOLS ModusToolbox tools folder (gcc/, openocd/)               required
# Found next to MTB_PDL in mtb_shared unless given: MTB_CORELIB (core-lib), MTB_CMSIS
# (cmsis), MTB_CM0P (cat1cm0p); UDB-SDIO kits also MTB_HAL (mtb-hal-cat1) and MTB_UDB_SDIO
# (udb-sdio-whd). PSOC6_PRODUCT = the Embedded app product to link. WIFI_FW, WIFI_CLM,
# WIFI_NVRAM = the chip's firmware, CLM blob and NVRAM text file, linked into flash for
# `PSoC6Resources` (WHD's 43439A0.bin etc.; not in this repository: licence).
#
# Steps: check the paths (clear error per missing one) -> compile PDL + BSP startup/system/
# cybsp/generated config + the prebuilt CM0+ image + Platforms/PSoC6/shim with the MTB GCC
# into .build/psoc6/<kit>/ -> derive a linker script from the BSP's (.got in flash, .cy_sharedmem
# inside .data) -> swift build the product once for all kits (.build/psoc6/swift-lto, LLVM bitcode)
# -> ld.lld optimises the Swift bitcode as one program into one object (PSOC6_LTO=full, per kit)
# -> link with GNU ld (arm-none-eabi-gcc --specs=nano.specs, the BSP script, -Map) -> .hex ->
# check-image.py (layout checks, flash/RAM by part). `make psoc6-flash BOARD=<kit>` programs it
# with the ModusToolbox OpenOCD + KitProg3. Facts: docs/psoc6-platform.md §1.2-§1.5, §7, §8.

PSOC6_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
# Including this file must not change `make`'s default target (restored at the end); run
# directly (`make -f Platforms/PSoC6/psoc6.mk BOARD=<kit>`) its default is psoc6-board.
PSOC6_SAVED_GOAL := $(.DEFAULT_GOAL)
PSOC6_TOPLEVEL := $(if $(filter 1,$(words $(MAKEFILE_LIST))),yes,)
PSOC6_PRODUCT ?= PSoC6App
# PSOC6_LTO=full (default): the Swift modules optimised as one program (see psoc6-link);
# none: each module optimised on its own, as objects (scripts/size.sh's per-module attribution).
# Each has its own SwiftPM scratch, so switching does not rebuild the other.
PSOC6_LTO ?= full
PSOC6_SWIFT_SCRATCH ?= $(CURDIR)/.build/psoc6/swift$(if $(filter full,$(PSOC6_LTO)),-lto)
PSOC6_SWIFT_TOOLSET := $(PSOC6_SWIFT_SCRATCH)-toolset.json

PSOC6_KITS := CY8CPROTO-062-4343W CY8CKIT-062S2-43012 CY8CKIT-062-WIFI-BT CY8CKIT-064B0S2-4343W \
              CY8CPROTO-062S3-4343W CYW9P62S1-43438EVB-01 CYW9P62S1-43012EVB-01 \
              CY8CEVAL-062S2-LAI-4373M2 CY8CEVAL-062S2-MUR-43439M2 CY8CEVAL-062S2-LAI-43439M2 \
              CY8CPROTO-062S2-43439 CYSBSYSKIT-DEV-01

# kit -> MCU part (docs/psoc6-platform.md §0), die component, OpenOCD target, UDB SDIO port
PSOC6_DEVICE_CY8CPROTO-062-4343W        := CY8C624ABZI-S2D44
PSOC6_DEVICE_CY8CKIT-062S2-43012        := CY8C624ABZI-S2D44
PSOC6_DEVICE_CY8CKIT-062-WIFI-BT        := CY8C6247BZI-D54
PSOC6_DEVICE_CY8CKIT-064B0S2-4343W      := CYB0644ABZI-S2D44
PSOC6_DEVICE_CY8CPROTO-062S3-4343W      := CY8C6245LQI-S3D72
PSOC6_DEVICE_CYW9P62S1-43438EVB-01      := CY8C6247BZI-D54
PSOC6_DEVICE_CYW9P62S1-43012EVB-01      := CY8C6247FDI-D52
PSOC6_DEVICE_CY8CEVAL-062S2-LAI-4373M2  := CY8C624ABZI-S2D44
PSOC6_DEVICE_CY8CEVAL-062S2-MUR-43439M2 := CY8C624ABZI-S2D44
PSOC6_DEVICE_CY8CEVAL-062S2-LAI-43439M2 := CY8C624ABZI-S2D44
PSOC6_DEVICE_CY8CPROTO-062S2-43439      := CY8C624ABZI-S2D44
PSOC6_DEVICE_CYSBSYSKIT-DEV-01          := CY8C624AFNI-S2D43
PSOC6_UDB_CY8CKIT-062-WIFI-BT           := P2
PSOC6_UDB_CYW9P62S1-43438EVB-01         := P2
PSOC6_UDB_CYW9P62S1-43012EVB-01         := P12

ifneq ($(filter $(BOARD),$(PSOC6_KITS)),)
PSOC6_KIT    := $(BOARD)
PSOC6_DEVICE := $(PSOC6_DEVICE_$(PSOC6_KIT))
PSOC6_UDB    := $(PSOC6_UDB_$(PSOC6_KIT))
PSOC6_DIE    := $(if $(findstring 6247,$(PSOC6_DEVICE)),PSOC6_01,$(if $(findstring 6245,$(PSOC6_DEVICE)),PSOC6_03,PSOC6_02))
PSOC6_OCD_TARGET := $(if $(findstring 6247,$(PSOC6_DEVICE)),psoc6.cfg,$(if $(findstring 6245,$(PSOC6_DEVICE)),psoc6_512k.cfg,$(if $(findstring CYB06,$(PSOC6_DEVICE)),cyb06xxa.cfg,psoc6_2m.cfg)))
PSOC6_CM0P_COMPONENT := $(if $(findstring CYB06,$(PSOC6_DEVICE)),CM0P_SECURE,CM0P_SLEEP)
PSOC6_KIT_MACRO := $(subst -,_,$(PSOC6_KIT))
PSOC6_BUILD  := $(CURDIR)/.build/psoc6/$(PSOC6_KIT)
endif

# ---- tools and library paths ---------------------------------------------------------------
PSOC6_ARM_BIN := $(if $(MTB_TOOLS),$(firstword $(call psoc6_glob,$(MTB_TOOLS),gcc/bin)),)
PSOC6_CC      := $(if $(PSOC6_ARM_BIN),$(PSOC6_ARM_BIN)/arm-none-eabi-gcc,arm-none-eabi-gcc)
PSOC6_AR      := $(patsubst %gcc,%ar,$(PSOC6_CC))
PSOC6_OBJCOPY := $(patsubst %gcc,%objcopy,$(PSOC6_CC))
PSOC6_SIZE    := $(patsubst %gcc,%size,$(PSOC6_CC))
# the Swift toolchain's own ld.lld: it must read the bitcode of the swiftc that wrote it
PSOC6_LLD      = $(dir $(realpath $(shell command -v swiftc)))ld.lld
MTB_SHARED    ?= $(abspath $(MTB_PDL)/../..)
# newest release folder of a library in mtb_shared (e.g. core-lib/release-v1.4.3/)
psoc6_lib = $(patsubst %/,%,$(lastword $(sort $(wildcard $(MTB_SHARED)/$(1)/*/))))
MTB_CORELIB   ?= $(call psoc6_lib,core-lib)
MTB_CMSIS     ?= $(call psoc6_lib,cmsis)
MTB_CM0P      ?= $(call psoc6_lib,cat1cm0p)
MTB_HAL       ?= $(call psoc6_lib,mtb-hal-cat1)
MTB_UDB_SDIO  ?= $(call psoc6_lib,udb-sdio-whd)

PSOC6_ARCH := -mcpu=cortex-m4 -mthumb -mfloat-abi=softfp -mfpu=fpv4-sp-d16
PSOC6_DEFS := -D$(subst -,_,$(PSOC6_DEVICE)) -DCORE_NAME_CM4_0=1 -DCOMPONENT_CAT1 -DCOMPONENT_CAT1A \
              -DCOMPONENT_$(PSOC6_DIE) -DCOMPONENT_CM4 -DCOMPONENT_CM4_0 -DCOMPONENT_$(PSOC6_CM0P_COMPONENT) \
              -DCOMPONENT_MW_CAT1CM0P -DCOMPONENT_MW_CMSIS -DCOMPONENT_MW_CORE_LIB -DCOMPONENT_MW_MTB_PDL_CAT1 \
              -DCOMPONENT_SOFTFP -DCOMPONENT_GCC_ARM -DCOMPONENT_WIFI_INTERFACE_SDIO \
              -DTARGET_APP_$(PSOC6_KIT_MACRO) -DCY_TARGET_BOARD=APP_$(PSOC6_KIT_MACRO) -DNDEBUG \
              -DPSOC6_KIT_$(PSOC6_KIT_MACRO) \
              $(if $(PSOC6_UDB),-DCY_USING_HAL -DCYHAL_UDB_SDIO -DCOMPONENT_UDB_SDIO_$(PSOC6_UDB) -DCOMPONENT_MW_MTB_HAL_CAT1)
PSOC6_INCS := -I$(MTB_PDL)/drivers/include -I$(MTB_PDL)/devices/COMPONENT_CAT1A/include \
              -I$(MTB_PDL)/devices/COMPONENT_CAT1A/include/ip -I$(MTB_CORELIB)/include -I$(MTB_CMSIS)/Core/Include \
              -I$(MTB_BSP) -I$(MTB_BSP)/config/GeneratedSource -I$(MTB_CM0P)/COMPONENT_CAT1A \
              -I$(PSOC6_DIR)/CPSoC6 -I$(PSOC6_DIR)/shim \
              $(if $(PSOC6_UDB),-I$(MTB_HAL)/include -I$(MTB_HAL)/include_pvt -I$(MTB_HAL)/COMPONENT_CAT1A/include \
                  -I$(MTB_HAL)/COMPONENT_CAT1A/include/pin_packages -I$(MTB_HAL)/COMPONENT_CAT1A/include/triggers \
                  -I$(MTB_UDB_SDIO) -I$(MTB_UDB_SDIO)/COMPONENT_UDB_SDIO_$(PSOC6_UDB))
PSOC6_CFLAGS := $(PSOC6_ARCH) -Os -g -ffunction-sections -fdata-sections -fshort-enums -Wall -pipe \
                $(PSOC6_DEFS) $(PSOC6_INCS)

# $(wildcard) under a library folder, nothing when the folder is not set (not a scan of /).
psoc6_glob = $(if $(strip $(1)),$(wildcard $(1)/$(2)))

# ---- sources ------------------------------------------------------------------------------------
# The PDL guards every driver file by IP block, so compiling all of drivers/source is what MTB does
# (docs/psoc6-platform.md §7.3). Generated code: skip CapSense, the seed's Wi-Fi connectivity personality
# and the QSPI memory slots.
PSOC6_STARTUP := $(call psoc6_glob,$(MTB_BSP),COMPONENT_CM4/TOOLCHAIN_GCC_ARM/startup_psoc6_*_cm4.S)
PSOC6_LDSCRIPT_BSP := $(firstword $(call psoc6_glob,$(MTB_BSP),COMPONENT_CM4/TOOLCHAIN_GCC_ARM/linker.ld) \
                                  $(call psoc6_glob,$(MTB_BSP),COMPONENT_CM4/TOOLCHAIN_GCC_ARM/*.ld))
PSOC6_CM0P_SRC := $(call psoc6_glob,$(MTB_CM0P),COMPONENT_CAT1A/COMPONENT_$(PSOC6_CM0P_COMPONENT)/*.c)
PSOC6_LIB_SRC := $(call psoc6_glob,$(MTB_PDL),drivers/source/*.c) \
                 $(call psoc6_glob,$(MTB_PDL),drivers/source/TOOLCHAIN_GCC_ARM/*.S) \
                 $(call psoc6_glob,$(MTB_PDL),devices/COMPONENT_CAT1A/source/*.c) \
                 $(call psoc6_glob,$(MTB_BSP),*.c) $(call psoc6_glob,$(MTB_BSP),COMPONENT_CM4/*.c) \
                 $(filter-out %capsense.c %connectivity_wifi.c %qspi_memslot.c,$(call psoc6_glob,$(MTB_BSP),config/GeneratedSource/*.c)) \
                 $(wildcard $(PSOC6_DIR)/shim/*.c) \
                 $(if $(PSOC6_UDB),$(call psoc6_glob,$(MTB_HAL),source/*.c) $(call psoc6_glob,$(MTB_HAL),COMPONENT_CAT1A/source/*.c) \
                     $(call psoc6_glob,$(MTB_HAL),COMPONENT_CAT1A/source/pin_packages/*.c) \
                     $(call psoc6_glob,$(MTB_HAL),COMPONENT_CAT1A/source/triggers/*.c) \
                     $(call psoc6_glob,$(MTB_UDB_SDIO),*.c) $(call psoc6_glob,$(MTB_UDB_SDIO),COMPONENT_UDB_SDIO_$(PSOC6_UDB)/*.c))
psoc6_obj = $(PSOC6_BUILD)/obj/$(subst /,_,$(abspath $(1))).o
PSOC6_LIB_OBJ := $(foreach s,$(PSOC6_LIB_SRC),$(call psoc6_obj,$(s)))
# Linked as objects, not from the archive: nothing references the vectors or the CM0+ image.
PSOC6_CORE_OBJ := $(foreach s,$(PSOC6_STARTUP) $(PSOC6_CM0P_SRC),$(call psoc6_obj,$(s)))
# Wi-Fi images (optional): fixed names so objcopy's symbols are _binary_fw_bin_start etc.
PSOC6_IMAGES := $(if $(WIFI_FW),fw.bin) $(if $(WIFI_CLM),clm.bin) $(if $(WIFI_NVRAM),nvram.txt)
PSOC6_IMAGE_SRC_fw.bin := $(WIFI_FW)
PSOC6_IMAGE_SRC_clm.bin := $(WIFI_CLM)
PSOC6_IMAGE_SRC_nvram.txt := $(WIFI_NVRAM)
PSOC6_IMAGE_OBJ := $(foreach i,$(PSOC6_IMAGES),$(PSOC6_BUILD)/img/$(i).o)

.PHONY: psoc6-board psoc6-check psoc6-lib psoc6-toolset psoc6-swift psoc6-link psoc6-flash psoc6-shim-check psoc6-kits

psoc6-kits:
	@echo $(PSOC6_KITS)

# CI without ModusToolbox: the shim against the fake PDL, every kit.
psoc6-shim-check:
	@sh $(PSOC6_DIR)/check-shim.sh

psoc6-check:
	@case "$(PSOC6_LTO)" in full|none) ;; *) echo "error: PSOC6_LTO=$(PSOC6_LTO): use full (whole-program, the default) or none (per module)" >&2; exit 2;; esac
	@test -n "$(PSOC6_KIT)" || { echo "error: BOARD=$(BOARD) is not a PSoC 6 kit; kits: $(PSOC6_KITS)" >&2; exit 2; }
	@test -n "$(MTB_PDL)" || { echo "error: MTB_PDL is not set: point it at mtb-pdl-cat1, e.g. MTB_PDL=~/mtb_shared/mtb-pdl-cat1/release-v3.x.y" >&2; exit 2; }
	@test -d "$(MTB_PDL)/drivers/include" || { echo "error: MTB_PDL=$(MTB_PDL) has no drivers/include: not an mtb-pdl-cat1 folder" >&2; exit 2; }
	@test -n "$(MTB_BSP)" || { echo "error: MTB_BSP is not set: point it at the kit's BSP, e.g. MTB_BSP=<app>/bsps/TARGET_APP_$(PSOC6_KIT)" >&2; exit 2; }
	@test -f "$(MTB_BSP)/cybsp.h" || { echo "error: MTB_BSP=$(MTB_BSP) has no cybsp.h: not a BSP folder" >&2; exit 2; }
	@test -n "$(call psoc6_glob,$(MTB_BSP),config/GeneratedSource/cycfg.c)" || { echo "error: $(MTB_BSP)/config/GeneratedSource/cycfg.c is missing: BSP 4.x/5.x generate it at build time; run 'make build' once in a ModusToolbox application for $(PSOC6_KIT) (or open config/design.modus in the Device Configurator and save), then point MTB_BSP at that application's bsps/TARGET_APP_$(PSOC6_KIT)" >&2; exit 2; }
	@test -n "$(PSOC6_STARTUP)" || { echo "error: no COMPONENT_CM4/TOOLCHAIN_GCC_ARM/startup_psoc6_*_cm4.S in MTB_BSP=$(MTB_BSP)" >&2; exit 2; }
	@test -n "$(PSOC6_LDSCRIPT_BSP)" || { echo "error: no COMPONENT_CM4/TOOLCHAIN_GCC_ARM/linker.ld in MTB_BSP=$(MTB_BSP)" >&2; exit 2; }
	@test -n "$(MTB_TOOLS)" || { echo "error: MTB_TOOLS is not set: point it at the ModusToolbox tools folder, e.g. MTB_TOOLS=~/ModusToolbox/tools_3.2" >&2; exit 2; }
	@test -x "$(PSOC6_CC)" || command -v "$(PSOC6_CC)" >/dev/null || { echo "error: no arm-none-eabi-gcc in MTB_TOOLS=$(MTB_TOOLS)/gcc/bin or PATH" >&2; exit 2; }
	@test -d "$(MTB_CORELIB)/include" || { echo "error: core-lib not found (MTB_CORELIB=$(MTB_CORELIB)); set MTB_CORELIB or MTB_SHARED" >&2; exit 2; }
	@test -d "$(MTB_CMSIS)/Core/Include" || { echo "error: cmsis not found (MTB_CMSIS=$(MTB_CMSIS)); set MTB_CMSIS or MTB_SHARED" >&2; exit 2; }
	@test -n "$(PSOC6_CM0P_SRC)" || { echo "error: cat1cm0p COMPONENT_$(PSOC6_CM0P_COMPONENT) not found (MTB_CM0P=$(MTB_CM0P)); set MTB_CM0P or MTB_SHARED" >&2; exit 2; }
	@test -z "$(PSOC6_UDB)" || test -d "$(MTB_HAL)/include" || { echo "error: $(PSOC6_KIT) uses UDB SDIO and needs the HAL: set MTB_HAL to mtb-hal-cat1" >&2; exit 2; }
	@test -z "$(PSOC6_UDB)" || test -f "$(MTB_UDB_SDIO)/SDIO_HOST.h" || { echo "error: $(PSOC6_KIT) uses UDB SDIO: set MTB_UDB_SDIO to udb-sdio-whd (the BSP's dependency)" >&2; exit 2; }
	@case "$(PSOC6_DEVICE)" in CYB06*) echo "warning: $(PSOC6_KIT) is a PSoC 64 secure kit: the image must be signed with cysecuretools (policy_single_CM0_CM4_swap) and the device provisioned; this build does not sign" >&2;; esac
	@case "$(PSOC6_KIT)" in CY8CPROTO-062S3-4343W) echo "warning: CY8CPROTO-062S3-4343W keeps Wi-Fi firmware in external QSPI (XIP); this build does not set up serial-flash/SMIF" >&2;; esac

ifneq ($(PSOC6_KIT),)
# one explicit rule per source (paths are flattened into object names); -MMD -MP writes each
# object's header dependencies beside it (a .d file), included below, so an edited shim or PDL
# header rebuilds the objects that include it
define psoc6_rule
$(call psoc6_obj,$(1)): $(1) | psoc6-check
	@mkdir -p $$(dir $$@)
	$$(PSOC6_CC) $$(PSOC6_CFLAGS) -MMD -MP -c $(1) -o $$@
endef
$(foreach s,$(PSOC6_LIB_SRC) $(PSOC6_STARTUP) $(PSOC6_CM0P_SRC),$(eval $(call psoc6_rule,$(s))))
-include $(PSOC6_LIB_OBJ:.o=.d) $(PSOC6_CORE_OBJ:.o=.d)

define psoc6_image_rule
$(PSOC6_BUILD)/img/$(1).o: $(PSOC6_IMAGE_SRC_$(1)) | psoc6-check
	@mkdir -p $$(dir $$@)
	cp "$$<" $$(dir $$@)$(1)
	cd $$(dir $$@) && $$(PSOC6_OBJCOPY) -I binary -O elf32-littlearm -B arm \
	    --rename-section .data=.rodata.cyw43_$(basename $(1)),alloc,load,readonly,data,contents $(1) $(1).o
endef
$(foreach i,$(PSOC6_IMAGES),$(eval $(call psoc6_image_rule,$(i))))

$(PSOC6_BUILD)/libpsoc6.a: $(PSOC6_LIB_OBJ)
	@rm -f $@
	$(PSOC6_AR) rcs $@ $^

psoc6-lib: psoc6-check $(PSOC6_BUILD)/libpsoc6.a $(PSOC6_CORE_OBJ) $(PSOC6_IMAGE_OBJ)

# The BSP linker script with two additions, nothing moved: a .got output section in flash
# right before .copy.table (Swift emits GOT-relative loads; in a static link the GOT holds
# constants and must be loaded with the image, docs/build-recipes.md §3); Swift's .swift_modhash
# discarded (a 16-byte module hash per object file, allocated and retained but read by nothing on
# the device: 2.6 KB of flash in PSoC6App; as an orphan GNU ld would put it over the vectors); the PDL's
# .cy_sharedmem (IPC data, CY_SECTION_SHAREDMEM) kept inside .data next to .cy_ramfunc, so it
# is in RAM, copied by the startup's .copy.table walk, and overlaps nothing (the BSP script
# does not name it; as an orphan it is placed by heuristics and never initialised).
$(PSOC6_BUILD)/linker.ld: $(PSOC6_LDSCRIPT_BSP) $(PSOC6_DIR)/psoc6.mk | psoc6-check
	@mkdir -p $(dir $@)
	@grep -q '^[[:space:]]*\.copy\.table' $< || { echo "error: $< has no .copy.table section to anchor .got before" >&2; exit 2; }
	@grep -q 'KEEP(\*(\.cy_ramfunc\*))' $< || { echo "error: $< has no KEEP(*(.cy_ramfunc*)) in .data to anchor .cy_sharedmem at" >&2; exit 2; }
	@if grep -q '\*(\.cy_sharedmem' $<; then echo "note: $< names .cy_sharedmem itself"; fi
	awk '!got && /^[[:space:]]*\.copy\.table/ { print "    .got : { *(.got.plt) *(.igot.plt) *(.got) *(.igot) } > flash"; \
	                                               print "    /DISCARD/ : { *(.swift_modhash*) }"; got = 1 } \
	     !shm && /KEEP\(\*\(\.cy_ramfunc\*\)\)/ { print "        KEEP(*(.cy_sharedmem))"; shm = 1 } { print }' $< > $@

# The BSP script's GROUP(-lgcc -lc -lnosys) / GROUP(libgcc.a libc.a libm.a libnosys.a) are
# found on GCC's library path; -lc there would be the full newlib next to the nano one that
# --specs=nano.specs links, so libc.a in this folder (searched first) is newlib-nano.
$(PSOC6_BUILD)/nanolib/libc.a: | psoc6-check
	@mkdir -p $(dir $@)
	ln -sf "$$($(PSOC6_CC) $(PSOC6_ARCH) -print-file-name=libc_nano.a)" $@

psoc6-toolset: $(PSOC6_SWIFT_TOOLSET)

# Swift: compiled once for every kit (the Swift code has no kit-specific part; the kit is the
# shim's -DPSOC6_KIT_*), linked by SwiftPM only as a relocatable object (ld.lld -r); the image
# is linked by GNU ld below, as the BSP's script expects. Two size flags (measured with
# `make size`, CY8CPROTO-062-4343W Swift side): -enforce-exclusivity=unchecked drops the
# dynamic exclusivity calls (168 swift_beginAccess/endAccess sites, each an argument set-up,
# a call and a stack buffer) whose Embedded runtime entry points are `bx lr`, so the device
# behaves the same; they also blocked load/store optimisation: -7.7 KB. The static
# (compile-time) exclusivity diagnostics stay, and host builds keep the dynamic check.
# -sil-disable-pass=closure-specialize: the pass cloned a function for every constant closure
# argument (Runner.ioctl x6, Driver.control x4: -4.3 KB); the closures are non-escaping, so
# the calls cost a stack context, no allocation.
# -inline-threshold=0 (LLVM's inliner; the SIL inliner, which does the real inlining, is not
# affected): IRGen emits the Embedded runtime's swift_retain into every LLVM module as a
# weak_odr definition, and at -Osize LLVM inlined it at most call sites (the immortal check
# and an ldrex/strex loop, ~22 B where `bl swift_retain` is 4 B; 175 ldrex in the image, 44
# now). It also keeps LLVM from inlining the other small functions it sees (outlined copies,
# closures, thunks). The whole-program link below passes it to its LTO pipeline too
# (-mllvm), where the modules' weak_odr copies would otherwise be inlined again.
# make size on 29672da: Swift side 86,284 -> 83,572 B (whole-program), 100,518 -> 97,156 B
# (per module).
$(PSOC6_SWIFT_TOOLSET): $(PSOC6_DIR)/psoc6.mk
	@mkdir -p $(dir $@)
	@printf '%s\n' \
	'{' \
	'  "schemaVersion": "1.0",' \
	'  "swiftCompiler": { "extraCLIOptions": [' \
	'    "-enable-experimental-feature", "Embedded", "-wmo", "-Osize",' \
	'    "-Xfrontend", "-function-sections", "-Xfrontend", "-disable-stack-protector", "-Xllvm", "-sil-disable-pass=closure-specialize", "-Xllvm", "-inline-threshold=0", "-enforce-exclusivity=unchecked",' \
	'    "-Xcc", "-mcpu=cortex-m4", "-Xcc", "-mfloat-abi=softfp", "-Xcc", "-mfpu=fpv4-sp-d16", "-Xcc", "-fshort-enums",' \
	'    "-use-ld=lld", "-Xclang-linker", "-nostdlib" ] },' \
	'  "cCompiler": { "extraCLIOptions": [' \
	'    "-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=softfp", "-mfpu=fpv4-sp-d16",' \
	'    "-ffreestanding", "-fshort-enums", "-ffunction-sections", "-fdata-sections" ] },' \
	'  "linker": { "extraCLIOptions": [ "-r" ] }' \
	'}' > $@
	@rm -rf $(PSOC6_SWIFT_SCRATCH)    # SwiftPM does not notice a changed toolset
	@echo "wrote $@"

psoc6-swift: $(PSOC6_SWIFT_TOOLSET)
	swift build --triple armv7em-none-none-eabi --toolset $(PSOC6_SWIFT_TOOLSET) -c release \
	    --product $(PSOC6_PRODUCT) --scratch-path $(PSOC6_SWIFT_SCRATCH) $(if $(filter full,$(PSOC6_LTO)),--experimental-lto-mode full)

# Whole-program optimisation (PSOC6_LTO=full): SwiftPM writes every module as LLVM bitcode
# (--experimental-lto-mode full); the toolchain's ld.lld optimises them as one program
# (full LTO, -Osize's minsize functions) in which only the two symbols C reaches stay global:
# <product>_main (main) and the kit's builtin_board_<KIT> (psoc6_kit_board); no other Swift
# symbol is referenced from C (the shim, PDL, BSP, startup), and none is defined on both sides.
# So LLVM inlines and drops code across module boundaries, folds the kit's constant board into
# its users, and outlines over the whole program. ld.lld's own output (an executable with the
# C side unresolved) is discarded; its LTO object (--plugin-opt=obj-path) is what GNU ld links
# below, like the per-module objects before: `make size` Swift side 100,990 -> 86,704 B, static
# RAM 1,611 -> 464 B (CY8CPROTO-062-4343W, fake MTB tree). qemu-app built the same way passes
# its kit, app and cycle runs with the same device heap and a shallower device stack
# (3,016 -> 2,768 B). PSOC6_LTO=none links SwiftPM's per-module objects (the per-module
# attribution scripts/size.sh prints beside the whole-program total).
# GNU ld through arm-none-eabi-gcc with nano specs and the startfiles (crti/crtn give the
# _init/_fini that the startup's __libc_init_array/__libc_fini_array call), the BSP's
# (derived) script, the Swift objects SwiftPM compiled, the shim+PDL+BSP archive, the
# startup, the CM0+ image and the Wi-Fi images. SwiftPM names an executable's entry
# <module>_main (it links with main defined to it); psoc6_kit_board is the kit's board as code
# (Sources/Boards/BuiltInBoard, builtin_board_<KIT>); -Map feeds the per-part size report.
# The Swift objects are linked from copies in $(PSOC6_BUILD)/swift-objects/<Module>.build/ whose
# string sections are byte-aligned: LLVM gives every constant global above 16 bytes without an
# explicit alignment a 16-byte one (DataLayout's preferred alignment; Swift sets none on its
# string literals, clang sets 1 on C's), so GNU ld's string merge padded each of the kit image's
# ~120 longer log texts to 16 B: -1.1 KB flash (`make size`). Strings are only read byte-wise.
PSOC6_LDFLAGS = $(PSOC6_ARCH) --specs=nano.specs -Wl,--gc-sections -Wl,--no-warn-rwx-segments -Wl,--no-warn-execstack \
                -Wl,--wrap=malloc -Wl,--wrap=free \
                -Wl,--defsym=main=$(PSOC6_PRODUCT)_main -Wl,--defsym=psoc6_kit_board=builtin_board_$(PSOC6_KIT_MACRO) \
                -L$(PSOC6_BUILD)/nanolib
PSOC6_LINK_INPUTS = $(PSOC6_BUILD)/linker.ld $(PSOC6_BUILD)/libpsoc6.a $(PSOC6_CORE_OBJ) $(PSOC6_IMAGE_OBJ) \
                    $(PSOC6_BUILD)/nanolib/libc.a
psoc6-link: psoc6-check psoc6-lib psoc6-swift $(PSOC6_LINK_INPUTS)
	@list=$(PSOC6_SWIFT_SCRATCH)/armv7em-none-none-eabi/release/$(PSOC6_PRODUCT).product/Objects.LinkFileList; \
	test -f $$list || { echo "error: $$list missing: SwiftPM did not link $(PSOC6_PRODUCT)" >&2; exit 2; }; \
	rm -rf $(PSOC6_BUILD)/swift-objects $(PSOC6_BUILD)/swift-lto; \
	sed 's/^"//; s/"$$//' $$list > $(PSOC6_BUILD)/swift-inputs.txt
ifeq ($(PSOC6_LTO),full)
	@mkdir -p $(PSOC6_BUILD)/swift-lto; for f in $$(cat $(PSOC6_BUILD)/swift-inputs.txt); do \
	  head -c 2 "$$f" | grep -q BC || { echo "error: $$f is not LLVM bitcode: SwiftPM did not build $(PSOC6_PRODUCT) with --experimental-lto-mode full" >&2; exit 2; }; done
	$(PSOC6_LLD) --target2=rel -mllvm -inline-threshold=0 -e $(PSOC6_PRODUCT)_main -u builtin_board_$(PSOC6_KIT_MACRO) --gc-sections \
	    --unresolved-symbols=ignore-all --lto-partitions=1 --plugin-opt=obj-path=$(PSOC6_BUILD)/swift-lto/whole-program.o \
	    -o $(PSOC6_BUILD)/swift-lto/discarded.elf $$(cat $(PSOC6_BUILD)/swift-inputs.txt)
	@test -f $(PSOC6_BUILD)/swift-lto/whole-program.o || { echo "error: ld.lld wrote no $(PSOC6_BUILD)/swift-lto/whole-program.o" >&2; exit 2; }
	@rm -f $(PSOC6_BUILD)/swift-lto/discarded.elf; echo $(PSOC6_BUILD)/swift-lto/whole-program.o > $(PSOC6_BUILD)/swift-inputs.txt
endif
	@SWIFT_EMB=$$(dirname "$$(dirname "$$(readlink -f "$$(command -v swiftc)")")")/lib/swift/embedded/armv7em-none-none-eabi; \
	objs=$(PSOC6_BUILD)/swift-objects; \
	for o in $$(cat $(PSOC6_BUILD)/swift-inputs.txt); do \
	  d=$$objs/$$(basename "$$(dirname "$$o")"); mkdir -p $$d; \
	  $(PSOC6_OBJCOPY) --set-section-alignment .rodata.str1.16=4 "$$o" $$d/$$(basename "$$o") || exit 1; \
	  echo $$d/$$(basename "$$o"); done > $(PSOC6_BUILD)/swift-objects.txt; \
	{ for o in $(PSOC6_CORE_OBJ) $(PSOC6_IMAGE_OBJ); do echo "$$o"; done; cat $(PSOC6_BUILD)/swift-objects.txt; \
	  echo $(PSOC6_BUILD)/libpsoc6.a; echo $$SWIFT_EMB/libswiftUnicodeDataTables.a; echo $(PSOC6_BUILD)/libpsoc6.a; \
	} > $(PSOC6_BUILD)/link-inputs.txt
	$(PSOC6_CC) $(PSOC6_LDFLAGS) -T $(PSOC6_BUILD)/linker.ld -Wl,-Map=$(PSOC6_BUILD)/app.map \
	    $$(cat $(PSOC6_BUILD)/link-inputs.txt) -o $(PSOC6_BUILD)/app.elf

endif

psoc6-board: psoc6-link
	$(PSOC6_OBJCOPY) -O ihex $(PSOC6_BUILD)/app.elf $(PSOC6_BUILD)/app.hex
	$(PSOC6_SIZE) $(PSOC6_BUILD)/app.elf
	python3 $(PSOC6_DIR)/check-image.py $(PSOC6_BUILD)/app.elf --device $(PSOC6_DEVICE) --map $(PSOC6_BUILD)/app.map \
	    --report $(PSOC6_BUILD)/size-by-part.json
	@echo "image: $(PSOC6_BUILD)/app.hex   (flash: make psoc6-flash BOARD=$(PSOC6_KIT) MTB_TOOLS=...)"

# KitProg3 in CMSIS-DAP mode (the kit's mode button) + the OpenOCD that ships with ModusToolbox.
psoc6-flash: psoc6-check
	$(MTB_TOOLS)/openocd/bin/openocd -s $(MTB_TOOLS)/openocd/scripts \
	    -f interface/kitprog3.cfg -f target/$(PSOC6_OCD_TARGET) \
	    -c "program $(PSOC6_BUILD)/app.hex verify reset exit"


psoc6-print-device:
	@echo $(PSOC6_DEVICE)

psoc6-print-ldflags:
	@echo $(PSOC6_LDFLAGS)

.DEFAULT_GOAL := $(if $(PSOC6_TOPLEVEL),psoc6-board,$(PSOC6_SAVED_GOAL))
