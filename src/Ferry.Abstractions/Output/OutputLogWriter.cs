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
    private bool _full;

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
        lock (_lock)
        {
            if (_full) return;
            // At the file's end, not this stream's position: a move's target appends the source's records under a
            // standby host that opened the log already (docs/migration.md, "Warm target").
            var end = _file.Seek(0, SeekOrigin.End);
            try
            {
                _file.Write(record);
            }
            catch (ArgumentOutOfRangeException)
            {
                // EFBIG: the environment's file-size limit (RLIMIT_FSIZE) bounds this log too. Output past
                // it is dropped rather than failing the app's console write; the record the kernel cut
                // short is taken back so the log stays whole.
                _full = true;
                _file.SetLength(end);
            }
        }
    }

    public void Dispose()
    {
        lock (_lock) _file.Dispose();
    }
}
