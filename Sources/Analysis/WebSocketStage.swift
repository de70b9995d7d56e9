import PacketCapture
import TCPReassembly
import WebSocketWire
import WireBytes

/// The WebSocket part of a connection's pipeline: the session, and what is recorded about its
/// frames as they stream by.
///
/// The pipeline hands both to the session's `consume` as `inout` arguments: the per-frame work
/// (a million frames a second) then runs on them directly, with the class's run-time exclusivity
/// checks paid once per batch of bytes rather than at every access of a pipeline property. A
/// class, because moving a struct this size out of the pipeline and back per batch costs more.
final class WebSocketStage {
    var session: WebSocketSession
    var recorder: FrameRecorder

    init(session: WebSocketSession, recorder: FrameRecorder) {
        self.session = session
        self.recorder = recorder
    }
}
