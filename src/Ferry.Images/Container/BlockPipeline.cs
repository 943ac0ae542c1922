using System.Buffers;
using System.Buffers.Binary;
using Ferry.Images.Binary;

namespace Ferry.Images.Container;

/// <summary>
/// Compresses blocks on worker threads while the producer fills the next ones, and writes them to the
/// output in submission order on the producer's thread (so output stays deterministic).
/// </summary>
internal sealed class BlockPipeline
{
    private readonly Queue<Task<EncodedBlock>> _pending = new();
    private readonly int _maxInFlight;
    private readonly int _threads;
    private readonly Action<EncodedBlock> _emit;

    public BlockPipeline(int threads, Action<EncodedBlock> emit)
    {
        _threads = threads;
        _maxInFlight = Math.Max(2, threads * 2);
        _emit = emit;
    }

    /// <summary>Takes ownership of <paramref name="raw"/> (a pooled buffer, returned to the pool when done).</summary>
    public void Submit(ImageCompression codec, byte[] raw, int length)
    {
        if (_threads == 0)
        {
            _emit(Encode(codec, raw, length));
            return;
        }
        while (_pending.Count >= _maxInFlight)
        {
            _emit(_pending.Dequeue().GetAwaiter().GetResult());
        }
        _pending.Enqueue(Task.Run(() => Encode(codec, raw, length)));
    }

    public void Drain()
    {
        while (_pending.Count > 0)
        {
            _emit(_pending.Dequeue().GetAwaiter().GetResult());
        }
    }

    /// <summary>Waits for workers without writing (after a failure), so no pooled buffer is in use.</summary>
    public void Abandon()
    {
        while (_pending.Count > 0)
        {
            var t = _pending.Dequeue();
            try
            {
                ArrayPool<byte>.Shared.Return(t.GetAwaiter().GetResult().Stored);
            }
            catch (Exception)
            {
                // The failure that made us abandon is already being reported.
            }
        }
    }

    private static EncodedBlock Encode(ImageCompression codec, byte[] raw, int length)
    {
        try
        {
            byte[] stored = ArrayPool<byte>.Shared.Rent(BlockCodec.MaxStoredLength(length));
            var (used, storedLength) = BlockCodec.Encode(codec, raw.AsSpan(0, length), stored);
            var header = new byte[ImageLayout.BlockHeader];
            header[0] = ImageLayout.TagBlock;
            header[1] = (byte)used;
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)storedLength);
            ulong hash = XxHash64.Hash(stored.AsSpan(0, storedLength), XxHash64.Hash(header));
            return new EncodedBlock { Header = header, Stored = stored, StoredLength = storedLength, RawLength = length, Hash = hash };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }
}
