// Smoke app for check-flow.sh: brings the (fake) board up through PSoC6Board.
import Runtime
import PSoC6Platform
import CYW43

@main
struct PSoC6App {
    static func main() {
        let mailbox = InterruptMailbox()
        do throws(PSoC6Error) {
            let board = try PSoC6Board.bringUp(interrupts: mailbox, hostWakeInterrupt: 1)
            let log = Log(board.log)
            log.text("kit ").ascii(board.platform.kitName).text(" sdio ").dec(board.sdio.clockHz).end()
            let images = PSoC6Resources()
            log.text("fw ").dec(images.size(of: .firmware)).text(" clm ").dec(images.size(of: .clm))
                .text(" nvram ").dec(images.size(of: .nvram)).end()
            let b = UnsafeMutableRawBufferPointer.allocate(byteCount: 4, alignment: 4)
            do throws(BusError) {
                try board.sdio.cmd53(write: false, function: 1, address: 0x1000E, incrementing: true, blockSize: 0, buffer: b)
            } catch {
                log.line("cmd53 failed")
            }
            board.platform.sleep(until: board.platform.now + .milliseconds(100))
        } catch {
            return
        }
    }
}
