using System.Buffers.Binary;

namespace Ferry.Abstractions.Output;

/// <summary>
/// Appends records to an output log (<see cref="OutputLogFormat"/>). Every record goes to the OS at
/// once (no buffering), so nothing written is lost if the process is killed. Thread-safe.
/// </summary>
public sealed class OutputLogWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _lock = new();

    public OutputLogWriter(string path)
    {
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        if (_file.Length == 0) _file.Write(OutputLogFormat.Magic);
    }

    public void Append(OutputStream stream, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return;
        var record = new byte[OutputLogFormat.RecordHeaderSize + bytes.Length];
        record[0] = (byte)stream;
        BinaryPrimitives.WriteInt64LittleEndian(record.AsSpan(1), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(9), bytes.Length);
        bytes.CopyTo(record.AsSpan(OutputLogFormat.RecordHeaderSize));
        lock (_lock) _file.Write(record);
    }

    public void Dispose()
    {
        lock (_lock) _file.Dispose();
    }
}
