namespace Ferry.Node.Migration;

/// <summary>
/// One pre-copy round of a move (<see cref="MigrationReport.Rounds"/>): its graph's raw bytes, the bytes of its file
/// sent to the target, the objects the app had changed since the previous round (dirty objects; 0 for the base round),
/// and the milliseconds it took to write and to send.
/// </summary>
public sealed record RoundReport(int Round, long RawBytes, long BytesSent, int DirtyObjects, double WriteMs, double SendMs);
