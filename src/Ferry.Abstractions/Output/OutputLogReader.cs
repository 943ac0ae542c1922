using System.Buffers.Binary;

namespace Ferry.Abstractions.Output;

/// <summary>Reads an output log from a position on; stops before an incomplete last record (the writer may be mid-write or was killed).</summary>
public sealed class OutputLogReader(string path)
{
    /// <summary>Where the next unread record starts; pass it back to continue (as <c>logs -f</c> does).</summary>
    public long Position { get; private set; }

    /// <summary>The complete records written since <see cref="Position"/>.</summary>
    public IReadOnlyList<OutputRecord> ReadAvailable()
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var records = new List<OutputRecord>();
        if (Position == 0)
        {
            Span<byte> magic = stackalloc byte[OutputLogFormat.Magic.Length];
            if (file.Length < magic.Length) return records;
            file.ReadExactly(magic);
            if (!magic.SequenceEqual(OutputLogFormat.Magic)) throw new InvalidDataException($"{path} is not a Ferry output log");
            Position = magic.Length;
        }
        file.Position = Position;
        var header = new byte[OutputLogFormat.RecordHeaderSize];
        while (file.Length - Position >= header.Length)
        {
            file.ReadExactly(header);
            var stream = (OutputStream)header[0];
            var time = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(1)));
            var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(9));
            if (stream is not (OutputStream.Stdout or OutputStream.Stderr) || length < 0)
                throw new InvalidDataException($"{path} is damaged at offset {Position}");
            if (file.Length - Position - header.Length < length) break;
            var bytes = new byte[length];
            file.ReadExactly(bytes);
            records.Add(new OutputRecord(stream, time, bytes));
            Position += header.Length + length;
        }
        return records;
    }
}
