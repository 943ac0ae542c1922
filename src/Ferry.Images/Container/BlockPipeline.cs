using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.ExceptionServices;
using Ferry.Images.Binary;

namespace Ferry.Images.Container;

/// <summary>
/// Compresses blocks on worker threads while the producer fills the next ones, and writes them to the
/// output in submission order on an emitter thread (so output stays deterministic). The producer only
/// encodes: writing to the output (a kernel copy per block) would otherwise take a quarter of its time.
/// An output error is rethrown to the producer at its next submit or drain.
/// </summary>
internal sealed class BlockPipeline
{
    private readonly Queue<Task<EncodedBlock>> _ordered = new();
    private readonly object _gate = new();
    private readonly SemaphoreSlim _slots;
    private readonly int _threads;
    private readonly Action<EncodedBlock> _emit;
    private Thread? _emitter;
    private int _submitted;
    private int _finished;
    private volatile bool _abandoned;
    private bool _closing;
    private volatile ExceptionDispatchInfo? _error;

    public BlockPipeline(int threads, Action<EncodedBlock> emit)
    {
        _threads = threads;
        _slots = new SemaphoreSlim(Math.Max(2, threads * 2) + 1);
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
        ThrowIfFailed(raw);
        _slots.Wait();
        lock (_gate)
        {
            _ordered.Enqueue(Task.Run(() => Encode(codec, raw, length)));
            _submitted++;
            if (_emitter is null)
            {
                _emitter = new Thread(EmitLoop) { IsBackground = true, Name = "Ferry image emitter" };
                _emitter.Start();
            }
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Waits until every submitted block is written; rethrows an output error.</summary>
    public void Drain()
    {
        lock (_gate)
        {
            while (_finished < _submitted)
            {
                Monitor.Wait(_gate);
            }
        }
        _error?.Throw();
    }

    /// <summary>Stops writing (after a failure) and waits for the workers, so no pooled buffer is in use.</summary>
    public void Abandon()
    {
        _abandoned = true;
        Close();
    }

    /// <summary>Ends the emitter thread once everything submitted is done.</summary>
    public void Close()
    {
        Thread? emitter;
        lock (_gate)
        {
            _closing = true;
            emitter = _emitter;
            Monitor.PulseAll(_gate);
        }
        emitter?.Join();
    }

    private void ThrowIfFailed(byte[] raw)
    {
        if (_error is not null)
        {
            ArrayPool<byte>.Shared.Return(raw);
            _error.Throw();
        }
    }

    private void EmitLoop()
    {
        while (true)
        {
            Task<EncodedBlock> next;
            lock (_gate)
            {
                while (_ordered.Count == 0)
                {
                    if (_closing)
                    {
                        return;
                    }
                    Monitor.Wait(_gate);
                }
                next = _ordered.Dequeue();
            }
            EncodedBlock? block = null;
            try
            {
                block = next.GetAwaiter().GetResult();
                if (_error is null && !_abandoned)
                {
                    var owned = block;
                    block = null; // the emit callback returns the buffer, even when it fails
                    _emit(owned);
                }
            }
            catch (Exception e)
            {
                _error ??= ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                if (block is not null)
                {
                    ArrayPool<byte>.Shared.Return(block.Stored);
                }
                lock (_gate)
                {
                    _finished++;
                    Monitor.PulseAll(_gate);
                }
                _slots.Release();
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
