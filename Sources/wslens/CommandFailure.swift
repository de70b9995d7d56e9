/// An error the command has already explained in one line; `status` is the exit code.
struct CommandFailure: Error {
    var message: String
    var status: Int32
}
