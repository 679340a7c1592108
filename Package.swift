// swift-tools-version: 6.0
//
// One package, two kinds of build:
//   host  (Linux):  swift build / swift test / swift run tcp-keepalive
//   board (MCU):    swift build --triple armv7em-none-none-eabi --toolset <board toolset> --product <image>
// Nothing Embedded-specific lives here: SwiftPM maps the bare-metal triple to platform
// `.linux`, so the Embedded flags come from the board's toolset JSON (docs/build-recipes.md §2).
import PackageDescription

let portable: [SwiftSetting] = [.enableExperimentalFeature("Extern")]

let package = Package(
    name: "TcpKeepaliveOffload",
    products: [
        .executable(name: "tcp-keepalive", targets: ["TcpKeepalive"]),
        .executable(name: "tcp-server", targets: ["TcpServer"]),
        .executable(name: "qemu-runtime-demo", targets: ["QEMURuntimeDemo"]),
        .executable(name: "qemu-runtime-bench", targets: ["QEMURuntimeBench"]),
        .executable(name: "qemu-app", targets: ["QEMUApp"]),
        .executable(name: "PSoC6App", targets: ["PSoC6App"]),
        .executable(name: "runtime-bench", targets: ["RuntimeBench"]),
        .executable(name: "sim-speed", targets: ["SimSpeed"]),
        .executable(name: "soak", targets: ["Soak"]),
        .executable(name: "virtual-sbc-chip", targets: ["VirtualSBCChip"]),
        .executable(name: "board-data-gen", targets: ["BoardDataGen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // ---- portable (also Embedded Swift for armv7em-none-none-eabi) ----
        .target(name: "Runtime", swiftSettings: portable),
        .target(name: "CYW43", dependencies: ["Runtime"], swiftSettings: portable),
        .target(name: "ChipModel", dependencies: ["Runtime"], swiftSettings: portable),
        .target(name: "Net", dependencies: ["Runtime"], swiftSettings: portable),
        .target(name: "Boards", dependencies: ["Runtime"], swiftSettings: portable),
        .target(name: "Offload", dependencies: ["Runtime", "Net", "CYW43", "Boards"], swiftSettings: portable),
        .target(name: "App", dependencies: ["Runtime", "Net", "CYW43", "Offload", "Boards"], swiftSettings: portable),
        .target(name: "Simulation", dependencies: ["Runtime", "ChipModel", "Net", "Boards"], swiftSettings: portable),
        // The chip model as the driver's transport (tests, simulation, QEMU image).
        .target(name: "ChipBridge", dependencies: ["CYW43", "ChipModel"], swiftSettings: portable),
        // The whole simulated kit: app + driver + chip model + virtual world on one clock.
        .target(name: "SimKit", dependencies: ["App", "Simulation", "ChipBridge", "ChipModel", "CYW43", "Net", "Boards", "Runtime"],
                swiftSettings: portable),

        // ---- QEMU mps2-an386 board (Cortex-M4) ----
        .target(name: "QEMUSupport", path: "Platforms/QEMU/Support"),
        .target(name: "QEMUPlatform", dependencies: ["Runtime", "QEMUSupport"], path: "Platforms/QEMU/Platform",
                swiftSettings: portable),
        .executableTarget(name: "QEMURuntimeDemo", dependencies: ["Runtime", "QEMUSupport", "QEMUPlatform"],
                          path: "Platforms/QEMU/RuntimeDemo", swiftSettings: portable),
        .executableTarget(name: "QEMURuntimeBench", dependencies: ["Runtime", "QEMUSupport", "QEMUPlatform"],
                          path: "Platforms/QEMU/RuntimeBench", swiftSettings: portable),
        .executableTarget(name: "QEMUApp", dependencies: ["SimKit", "App", "ChipBridge", "CYW43", "Runtime", "QEMUSupport", "QEMUPlatform"],
                          path: "Platforms/QEMU/App", swiftSettings: portable),

        // ---- PSoC 6 kits (C shim over the user's ModusToolbox PDL; see Platforms/PSoC6) ----
        .systemLibrary(name: "CPSoC6", path: "Platforms/PSoC6/CPSoC6"),
        .target(name: "PSoC6Platform", dependencies: ["Runtime", "CYW43", "CPSoC6"],
                path: "Platforms/PSoC6/PSoC6Platform", swiftSettings: portable),
        .executableTarget(name: "PSoC6App", dependencies: ["App", "Boards", "CYW43", "Runtime", "PSoC6Platform"],
                          path: "Platforms/PSoC6/App", swiftSettings: portable),

        // ---- Linux ----
        // libgpiod is dlopen'ed at run time (gpiod_shim.h): building needs no libgpiod-dev,
        // and the simulated kit never loads it.
        .systemLibrary(name: "CGPIOD", path: "Platforms/Linux/CGPIOD"),
        .target(name: "LinuxPlatform", dependencies: ["Runtime", "CYW43", "Boards", "CGPIOD"],
                path: "Platforms/Linux/LinuxPlatform"),
        .executableTarget(name: "TcpKeepalive", dependencies: [
            "SimKit", "App", "Simulation", "ChipModel", "ChipBridge", "CYW43", "Net", "Boards", "Runtime", "LinuxPlatform",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The chip side of the virtual Linux SBC (Platforms/Linux/VirtualSBC, `make virtual-sbc`).
        .executableTarget(name: "VirtualSBCChip", dependencies: ["ChipModel", "Simulation", "SimKit", "Boards", "Runtime"],
                          path: "Platforms/Linux/VirtualSBC/Chip"),
        .executableTarget(name: "TcpServer", dependencies: [
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // scripts/gen-board-data.sh: Sources/Boards/BuiltInBoard.swift from the catalog.
        .executableTarget(name: "BoardDataGen", dependencies: ["Boards", "Runtime"]),
        .executableTarget(name: "RuntimeBench", dependencies: ["Runtime"], path: "Benchmarks/RuntimeBench"),
        .executableTarget(name: "SimSpeed", dependencies: ["SimKit", "Simulation", "Boards", "Runtime"], path: "Benchmarks/SimSpeed"),
        .executableTarget(name: "Soak", dependencies: ["SimKit", "Simulation", "App", "Boards", "Runtime"], path: "Benchmarks/Soak"),

        // ---- tests ----
        // The counting allocator for host tests: interposes malloc & co. in the test executable.
        .target(name: "CAllocCount"),
        .testTarget(name: "RuntimeTests", dependencies: ["Runtime"]),
        .testTarget(name: "CYW43Tests", dependencies: ["CYW43", "Runtime"], exclude: ["Fixtures"]),
        .testTarget(name: "ChipModelTests", dependencies: ["ChipModel", "Runtime"]),
        .testTarget(name: "CYW43ChipTests", dependencies: ["CYW43", "ChipModel", "ChipBridge", "Runtime"]),
        .testTarget(name: "NetTests", dependencies: ["Net", "Runtime", "CAllocCount"]),
        .testTarget(name: "KernelPeerTests", dependencies: ["Net", "Runtime"]),
        .testTarget(name: "BoardsTests", dependencies: ["Boards", "Runtime"]),
        .testTarget(name: "OffloadTests", dependencies: ["Offload", "CYW43", "Net", "Boards", "Runtime", "ChipModel", "ChipBridge"]),
        .testTarget(name: "ChipOffloadTests", dependencies: ["ChipModel", "Runtime"]),
        .testTarget(name: "AppTests", dependencies: ["SimKit", "App", "Simulation", "ChipModel", "ChipBridge", "CYW43", "Net", "Offload", "Boards", "Runtime", "CAllocCount"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "ChipModel", "Net", "Boards", "Runtime", "TcpKeepalive", "TcpServer"]),
        .testTarget(name: "LinuxPlatformTests", dependencies: ["LinuxPlatform", "Runtime", "CYW43", "Boards", "CGPIOD"]),
    ]
)
