import PacketCapture
import TCPReassembly
import WebSocketWire
import WireBytes

/// The WebSocket part of a connection's pipeline: the session, and what is recorded about its
/// frames as they stream by.
///
/// The pipeline hands both to the session's `consume` as `inout` arguments, once per batch of
/// bytes. A class, so that they change in place: as a struct taken out of the connection's stage
/// and put back per batch, `summary` runs about 50 % more instructions on the 10 MB small-frame
/// benchmark capture and 60 % more on mixed (callgrind, 2026-12: copying the session and its
/// arrays' reference counts).
final class WebSocketStage {
    var session: WebSocketSession
    var recorder: FrameRecorder

    init(session: WebSocketSession, recorder: FrameRecorder) {
        self.session = session
        self.recorder = recorder
    }
}
