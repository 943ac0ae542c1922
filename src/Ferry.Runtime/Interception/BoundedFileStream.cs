namespace Ferry.Runtime.Interception;

/// <summary>
/// A file stream in an environment with a file-size limit: a write that would take the file past the
/// limit fails before anything is written, as the OS fails it with EFBIG ("File too large").
/// Only used when the view has a limit, so unlimited apps keep the framework's plain FileStream.
/// </summary>
public sealed class BoundedFileStream : FileStream
{
    private readonly long _limit;
    private readonly string _insidePath;

    public BoundedFileStream(string hostPath, string insidePath, long limit, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options)
        : base(hostPath, mode, access, share, bufferSize, options)
    {
        _limit = limit;
        _insidePath = insidePath;
    }

    private void Check(long count)
    {
        if (count > 0 && Position + count > _limit) throw HostPaths.FileTooLarge(_insidePath);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Check(count);
        base.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Check(buffer.Length);
        base.Write(buffer);
    }

    public override void WriteByte(byte value)
    {
        Check(1);
        base.WriteByte(value);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Check(count);
        return base.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Check(buffer.Length);
        return base.WriteAsync(buffer, cancellationToken);
    }

    public override IAsyncResult BeginWrite(byte[] buffer, int offset, int count, AsyncCallback? callback, object? state)
    {
        Check(count);
        return base.BeginWrite(buffer, offset, count, callback, state);
    }

    public override void SetLength(long value)
    {
        if (value > _limit) throw HostPaths.FileTooLarge(_insidePath);
        base.SetLength(value);
    }
}
