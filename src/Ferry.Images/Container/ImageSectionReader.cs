using System.Buffers;
using Ferry.Images.Container;

namespace Ferry.Images;

/// <summary>
/// Reads one section's raw bytes. Blocks are decompressed ahead of the consumer on worker threads.
/// </summary>
public sealed class ImageSectionReader : Stream
{
    private const int ReadAhead = 3;

    private readonly ImageSource _source;
    private readonly ImageSectionInfo _info;
    private readonly Queue<Task<byte[]>> _ahead = new();
    private int _nextToSchedule;
    private byte[]? _current;
    private int _currentLength;
    private int _currentPos;
    private long _position;
    private bool _disposed;

    internal ImageSectionReader(ImageSource source, ImageSectionInfo info)
    {
        _source = source;
        _info = info;
    }

    public string Name => _info.Name;

    /// <summary>
    /// Gives the next whole block (valid until the next call); false at the end of the section.
    /// Used by decoders that consume blocks directly instead of copying through <see cref="Read(Span{byte})"/>.
    /// </summary>
    internal bool TryNextBlock(out byte[] buffer, out int length)
    {
        ReleaseCurrent();
        Schedule();
        if (_ahead.Count == 0)
        {
            buffer = [];
            length = 0;
            return false;
        }
        int index = _nextToSchedule - _ahead.Count;
        _current = Await(_ahead.Dequeue());
        _currentLength = _info.Blocks[index].RawLength;
        _currentPos = _currentLength;
        _position += _currentLength;
        Schedule();
        buffer = _current;
        length = _currentLength;
        return true;
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int total = 0;
        while (!buffer.IsEmpty)
        {
            if (_current is null || _currentPos == _currentLength)
            {
                long before = _position;
                if (!TryNextBlock(out _, out _))
                {
                    break;
                }
                _position = before;
                _currentPos = 0;
            }
            int n = Math.Min(buffer.Length, _currentLength - _currentPos);
            _current.AsSpan(_currentPos, n).CopyTo(buffer);
            _currentPos += n;
            _position += n;
            total += n;
            buffer = buffer[n..];
        }
        return total;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    private void Schedule()
    {
        while (_ahead.Count < ReadAhead && _nextToSchedule < _info.Blocks.Count)
        {
            var block = _info.Blocks[_nextToSchedule];
            string where = $"section '{_info.Name}' block {_nextToSchedule}";
            _nextToSchedule++;
            var source = _source;
            _ahead.Enqueue(Task.Run(() => Decode(source, block, where)));
        }
    }

    private static byte[] Decode(ImageSource source, BlockLocation block, string where)
    {
        byte[] stored = ArrayPool<byte>.Shared.Rent(block.StoredLength);
        byte[] raw = ArrayPool<byte>.Shared.Rent(block.RawLength);
        try
        {
            source.Read(block.DataOffset, stored.AsSpan(0, block.StoredLength));
            BlockCodec.Decode(block.Codec, stored.AsSpan(0, block.StoredLength), raw.AsSpan(0, block.RawLength), where);
            return raw;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(raw);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(stored);
        }
    }

    private static byte[] Await(Task<byte[]> task)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (IOException e)
        {
            throw new ImageFormatException($"image could not be read: {e.Message}", e);
        }
    }

    private void ReleaseCurrent()
    {
        if (_current is not null)
        {
            ArrayPool<byte>.Shared.Return(_current);
            _current = null;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            ReleaseCurrent();
            while (_ahead.Count > 0)
            {
                try
                {
                    ArrayPool<byte>.Shared.Return(_ahead.Dequeue().GetAwaiter().GetResult());
                }
                catch (Exception)
                {
                    // Already reported to the consumer, or no longer of interest.
                }
            }
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => !_disposed;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => _info.RawLength;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
