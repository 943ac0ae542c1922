using System.Buffers;

namespace Ferry.Images;

/// <summary>
/// Writes one section of an image as a stream. Bytes are cut into blocks that are compressed and
/// checksummed as they fill; disposing the stream ends the section.
/// </summary>
public sealed class ImageSectionWriter : Stream
{
    private readonly ImageWriter _image;
    private readonly ImageCompression _codec;
    private byte[] _buffer;
    private int _filled;
    private bool _ended;

    internal ImageSectionWriter(ImageWriter image, string name, ImageCompression codec, int blockSize)
    {
        _image = image;
        Name = name;
        _codec = codec;
        BlockSize = blockSize;
        _buffer = ArrayPool<byte>.Shared.Rent(blockSize);
    }

    public string Name { get; }

    /// <summary>Raw (uncompressed) bytes written so far.</summary>
    public long RawLength { get; private set; }

    internal int BlockSize { get; }

    /// <summary>The block being filled; producers write at <see cref="Filled"/> and advance it.</summary>
    internal byte[] Buffer => _buffer;

    internal int Filled
    {
        get => _filled;
        set => _filled = value;
    }

    /// <summary>Hands the current block to the pipeline and starts an empty one.</summary>
    internal void FlushBlock()
    {
        if (_filled == 0)
        {
            return;
        }
        RawLength += _filled;
        byte[] full = _buffer;
        int used = _filled;
        _buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        _filled = 0;
        _image.SubmitBlock(_codec, full, used);
    }

    /// <summary>
    /// Takes the current block (with <paramref name="used"/> bytes) out of the pipeline's way and starts an
    /// empty one, without submitting it: a producer that may still take back what it wrote (an incremental
    /// graph round rolling back a torn object) holds blocks until it commits them with
    /// <see cref="SubmitHeld"/> or puts the first back with <see cref="RestoreHeld"/>.
    /// </summary>
    internal byte[] HoldBlock()
    {
        byte[] held = _buffer;
        _buffer = ArrayPool<byte>.Shared.Rent(BlockSize);
        _filled = 0;
        return held;
    }

    /// <summary>Submits a held block, in order before the current one.</summary>
    internal void SubmitHeld(byte[] block, int used)
    {
        RawLength += used;
        _image.SubmitBlock(_codec, block, used);
    }

    /// <summary>Makes a held block the current one again (filled up to <paramref name="used"/>), dropping the current.</summary>
    internal void RestoreHeld(byte[] block, int used)
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = block;
        _filled = used;
    }

    /// <summary>Gives a held block back without writing it.</summary>
    internal static void DropHeld(byte[] block) => ArrayPool<byte>.Shared.Return(block);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ThrowIfEnded();
        while (!buffer.IsEmpty)
        {
            int n = Math.Min(buffer.Length, BlockSize - _filled);
            buffer[..n].CopyTo(_buffer.AsSpan(_filled));
            _filled += n;
            buffer = buffer[n..];
            if (_filled == BlockSize)
            {
                FlushBlock();
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value)
    {
        ThrowIfEnded();
        _buffer[_filled++] = value;
        if (_filled == BlockSize)
        {
            FlushBlock();
        }
    }

    /// <summary>Ends the section (same as Dispose).</summary>
    public void Complete()
    {
        if (_ended)
        {
            return;
        }
        FlushBlock();
        _ended = true;
        ArrayPool<byte>.Shared.Return(_buffer);
        _image.EndSection(this);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_ended)
        {
            if (_image.Failed)
            {
                _ended = true;
                ArrayPool<byte>.Shared.Return(_buffer);
            }
            else
            {
                Complete();
            }
        }
        base.Dispose(disposing);
    }

    private void ThrowIfEnded() => ObjectDisposedException.ThrowIf(_ended, this);

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_ended;
    public override long Length => RawLength + _filled;
    public override long Position { get => Length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
