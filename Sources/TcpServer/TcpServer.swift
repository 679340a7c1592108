import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The seed's tcp_server.py in Swift (docs/tko-offload.md §7): a TCP echo server for one
/// client at a time. Prints the same lines in spirit: the banner, "Listening on: <port>",
/// the accepted peer, and every received chunk with a timestamp; echoes each chunk
/// back. A client that resets the connection is logged and the server listens again.
@main
struct TcpServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tcp-server",
        abstract: "TCP echo server for the keepalive example (the seed's tcp_server.py).")

    @Option(name: .shortAndLong, help: "Port to listen on (1-65535).")
    var port: Int = 50007

    @Option(help: "Address to bind (default: all interfaces, like tcp_server.py).")
    var bind: String = "0.0.0.0"

    @Option(help: "Exit after serving this many clients (0: run until Ctrl-C).")
    var maxClients: Int = 0

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1...65535, got \(port)") }
    }

    func run() throws {
        say("==========================")
        say("TCP Server")
        say("==========================")
        let listener: Int32
        do { listener = try EchoListener.open(address: bind, port: UInt16(port)) } catch {
            say("('ERROR: ', \(error))")
            throw ExitCode(1)
        }
        installInterruptHandler()
        var served = 0
        while maxClients == 0 || served < maxClients {
            say("Listening on: \(port)")
            guard let (fd, peerIP, peerPort) = EchoListener.accept(listener) else { continue }
            say("('Incoming connection accepted: ', ('\(peerIP)', \(peerPort)))")
            EchoListener.serve(fd, peerIP: peerIP)
            close(fd)
            served += 1
        }
        close(listener)
    }
}

/// Prints one line and flushes (lines appear at once even when stdout is a pipe).
func say(_ s: String) {
    print(s)
    fflush(nil)
}

/// Ctrl-C: the Python script prints "Closing Connection" and exits with status 1.
private func installInterruptHandler() {
    signal(SIGINT) { _ in
        let msg = "Closing Connection\n"
        _ = msg.withCString { write(1, $0, strlen($0)) }
        _exit(1)
    }
    signal(SIGPIPE, SIG_IGN)
}
