using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Ferry.Images.Graph;

/// <summary>
/// One write of an object graph into an image. Objects are numbered in the order they are first
/// reached; a new object's type and allocation data are written where it is first referenced, its
/// fields later, breadth-first, from a queue. Each root's newly reached objects go to that root's section.
/// </summary>
internal sealed partial class GraphEncoder : IDisposable
{
    private const int MaxInlineDepth = 512;

    private readonly CodecRegistry _registry;
    private readonly IObjectSurrogates? _surrogates;
    private readonly List<KeyValuePair<string, object?>> _roots;
    private readonly ObjectIdMap _ids = new();
    private readonly Dictionary<Type, TypeCodec> _codecs = new();
    private readonly Dictionary<Type, bool> _surrogateTypes = new();
    private int[] _typeIds = new int[64];
    private int _typeCount;
    private int _depth;

    private readonly BodyQueue _queue = new();
    private TypeCodec?[] _codecsByIndex = new TypeCodec?[64];

    private ImageSectionWriter? _section;
    private byte[] _buf = [];
    private int _pos;
    private int _limit;

    private Type? _lastType;
    private TypeCodec? _lastCodec;
    private TypeCodec? _stringCodec;
    private bool? _stringsInline;

    public GraphEncoder(CodecRegistry registry, IObjectSurrogates? surrogates, IReadOnlyList<KeyValuePair<string, object?>> roots)
    {
        _registry = registry;
        _surrogates = surrogates;
        _roots = roots.ToList();
    }

    public CodecRegistry Registry => _registry;

    /// <summary>The object table (for prefetching slots ahead of lookups).</summary>
    public ObjectIdMap Ids => _ids;

    public int ObjectCount => _ids.Count;

    public int TypeCount => _typeCount;

    /// <summary>Raw bytes of the root sections completed so far.</summary>
    public long RawBytesWritten { get; private set; }

    /// <summary>Writes one root into its own section, with every object first reached from it.</summary>
    public void WriteRoot(ImageWriter image, string name, object? root)
    {
        BeginSection(image, name);
        try
        {
            WriteRef(root);
            DrainBodies();
        }
        finally
        {
            _section!.Filled = _pos;
        }
        EndSection();
    }

    private void BeginSection(ImageWriter image, string name)
    {
        _section = image.BeginSection(name);
        _buf = _section.Buffer;
        _pos = _section.Filled;
        _limit = _section.BlockSize;
    }

    private void EndSection()
    {
        _section!.Complete();
        RawBytesWritten += _section.RawLength;
        _section = null;
    }

    private void DrainBodies()
    {
        {
            while (!_queue.IsEmpty)
            {
                // Two-stage prefetch: an object's first lines 8 bodies ahead, the slots of its references 4 ahead.
                if (_queue.TryPeek(8, out int far, out _))
                {
                    _ids.PrefetchObject(far);
                }
                if (_queue.TryPeek(4, out int near, out int nearCodec))
                {
                    _codecsByIndex[nearCodec]!.PrefetchRefs(this, _ids[near]);
                }
                _queue.Dequeue(out int id, out int codecIndex);
                object o = _ids[id];
                if (_incremental)
                {
                    WriteMarkedBody(o, _codecsByIndex[codecIndex]!);
                    continue;
                }
                try
                {
                    _codecsByIndex[codecIndex]!.WriteBody(this, o);
                }
                catch (TypeRefusedException e)
                {
                    throw Refused(o, e);
                }
            }
        }
    }

    /// <summary>Frees the object table (native memory).</summary>
    public void Dispose()
    {
        _ids.Dispose();
        _queue.Dispose();
        foreach (var (block, _) in _held)
        {
            ImageSectionWriter.DropHeld(block);
        }
        _held.Clear();
    }

    // ---- references ----

    public void WriteRef(object? value)
    {
        if (value is null)
        {
            WriteByte(0);
            return;
        }
        int id = _ids.GetOrAdd(value);
        if (id >= 0)
        {
            WriteVarUInt((ulong)id + 2);
            return;
        }
        if (value.GetType() == typeof(string) && StringsInline)
        {
            // Strings are most new objects: no body, no nesting, no dispatch needed.
            WriteByte(1);
            WriteTypeRef(_stringCodec ??= CodecFor(typeof(string)));
            WriteString(Unsafe.As<string>(value));
            return;
        }
        WriteNew(value, _ids.Count - 1);
    }

    private bool StringsInline => _stringsInline ??= _surrogates is null || !HandledBySurrogates(typeof(string));

    private void WriteNew(object value, int id)
    {
        if (++_depth > MaxInlineDepth)
        {
            throw new ImageWriteException($"objects nest too deeply through comparers, delegates or surrogates (more than {MaxInlineDepth})", FindPath(value));
        }
        try
        {
            Type t = value.GetType();
            TypeCodec codec;
            if (ReferenceEquals(t, _lastType))
            {
                codec = _lastCodec!;
            }
            else
            {
                if (_surrogates is not null && HandledBySurrogates(t))
                {
                    DeferSurrogate();
                    if (_surrogates.TrySubstitute(value, out var surrogate))
                    {
                        WriteSurrogate(surrogate);
                        return;
                    }
                }
                codec = CodecFor(t);
                if (codec is SubstitutedCodec substituted)
                {
                    throw new TypeRefusedException(t, substituted.Refusal);
                }
                if (codec is WellKnownDispatch)
                {
                    codec = ((WellKnownDispatch)codec).For(value);
                }
                else if (_surrogates is null || !HandledBySurrogates(t))
                {
                    _lastType = t;
                    _lastCodec = codec;
                }
            }
            WriteByte(1);
            WriteTypeRef(codec);
            codec.WriteAllocation(this, value);
            if (codec.HasBody)
            {
                Enqueue(id, codec);
            }
        }
        catch (TypeRefusedException e)
        {
            throw Refused(value, e);
        }
        finally
        {
            _depth--;
        }
    }

    private void WriteSurrogate(object surrogate)
    {
        var inner = CodecFor(surrogate.GetType()) as ObjectCodec
            ?? throw new TypeRefusedException(surrogate.GetType(), $"surrogate {TypeNames.Display(surrogate.GetType())} must be a class with fields");
        var codec = _registry.SurrogateFor(inner);
        WriteByte(1);
        WriteTypeRef(codec);
        inner.WriteBody(this, surrogate);
    }

    private bool HandledBySurrogates(Type t)
    {
        if (!_surrogateTypes.TryGetValue(t, out bool handled))
        {
            handled = _surrogates!.Handles(t);
            _surrogateTypes[t] = handled;
        }
        return handled;
    }

    private TypeCodec CodecFor(Type t)
    {
        if (!_codecs.TryGetValue(t, out var codec))
        {
            codec = _registry.GetCodec(t);
            _codecs[t] = codec;
        }
        return codec;
    }

    private void Enqueue(int id, TypeCodec codec)
    {
        int index = codec.Index;
        if (index >= _codecsByIndex.Length)
        {
            Array.Resize(ref _codecsByIndex, Math.Max(index + 1, _codecsByIndex.Length * 2));
        }
        _codecsByIndex[index] = codec;
        _queue.Enqueue(id, index);
    }

    private ImageWriteException Refused(object value, TypeRefusedException e) =>
        new(e.Message, FindPath(value) is { } path ? $"{path} → {TypeNames.Display(value.GetType())}" : null, e.Type);

    private string? FindPath(object value) => GraphPathFinder.Find(_roots, value);

    // ---- types ----

    /// <summary>Writes a reference to a type, defining it (and what it names) on first use.</summary>
    public void WriteTypeRef(TypeCodec codec)
    {
        int index = codec.Index;
        if (index < _typeIds.Length && _typeIds[index] != 0)
        {
            WriteVarUInt((ulong)_typeIds[index]);
            return;
        }
        WriteByte(0);
        codec.WriteForm(this);
        WriteByte((byte)codec.Kind);
        codec.WriteDescriptor(this);
        if (index >= _typeIds.Length)
        {
            Array.Resize(ref _typeIds, Math.Max(index + 1, _typeIds.Length * 2));
        }
        _typeIds[index] = ++_typeCount;
        NoteTypeDefined(index);
    }

    public void WriteTypeRef(Type type) => WriteTypeRef(CodecFor(type));

    /// <summary>The form part of a type definition for an ordinary type.</summary>
    public void WriteStandardForm(Type t)
    {
        if (t.IsByRef)
        {
            WriteByte((byte)TypeForm.ByRef);
            WriteTypeRef(t.GetElementType()!);
        }
        else if (t.IsArray)
        {
            if (t.IsSZArray)
            {
                WriteByte((byte)TypeForm.SzArray);
                WriteTypeRef(t.GetElementType()!);
            }
            else
            {
                WriteByte((byte)TypeForm.MdArray);
                WriteTypeRef(t.GetElementType()!);
                WriteByte((byte)t.GetArrayRank());
            }
        }
        else if (t.IsConstructedGenericType)
        {
            WriteByte((byte)TypeForm.Generic);
            WriteTypeRef(t.GetGenericTypeDefinition());
            var args = t.GetGenericArguments();
            WriteVarUInt((ulong)args.Length);
            foreach (var a in args)
            {
                WriteTypeRef(a);
            }
        }
        else
        {
            WriteByte((byte)TypeForm.Named);
            WriteUtf8(t.Assembly.GetName().Name ?? "");
            WriteUtf8(t.FullName ?? t.Name);
        }
    }

    // ---- bytes ----

    /// <summary>Reserves <paramref name="count"/> (≤ 64 KiB) contiguous bytes and returns a reference to them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref byte Reserve(int count)
    {
        if (_pos + count > _limit)
        {
            NextBlock(count);
        }
        ref byte r = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buf), _pos);
        _pos += count;
        return ref r;
    }

    private void NextBlock(int needed)
    {
        if (needed > 1 << 16)
        {
            throw new InvalidOperationException("a single value is larger than 64 KiB");
        }
        if (HoldInsteadOfFlush())
        {
            return;
        }
        _section!.Filled = _pos;
        _section.FlushBlock();
        _buf = _section.Buffer;
        _pos = 0;
        _limit = _section.BlockSize;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteByte(byte b)
    {
        if (_pos >= _limit)
        {
            NextBlock(1);
        }
        _buf[_pos++] = b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarUInt(ulong v)
    {
        if (v < 0x80 && _pos < _limit)
        {
            _buf[_pos++] = (byte)v;
            return;
        }
        WriteVarUIntSlow(v);
    }

    private void WriteVarUIntSlow(ulong v)
    {
        if (_pos + 10 > _limit)
        {
            NextBlock(10);
        }
        ref byte p = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buf), _pos);
        if (v < 1 << 21)
        {
            // Object ids are mostly 2-3 bytes: one unaligned store (the spare byte is overwritten later).
            uint x = (uint)v;
            uint packed = (x & 0x7F) | ((x >> 7) & 0x7F) << 8 | (x >> 14) << 16;
            int n = x < 0x80 ? 1 : x < 0x4000 ? 2 : 3;
            packed |= n == 1 ? 0u : n == 2 ? 0x80u : 0x8080u;
            Unsafe.WriteUnaligned(ref p, packed);
            _pos += n;
            return;
        }
        int i = 0;
        while (v >= 0x80)
        {
            Unsafe.Add(ref p, i++) = (byte)(v | 0x80);
            v >>= 7;
        }
        Unsafe.Add(ref p, i++) = (byte)v;
        _pos += i;
    }

    public void WriteVarInt(long v) => WriteVarUInt(Binary.VarInt.ZigZag(v));

    public void WriteInt64(long v) => Unsafe.WriteUnaligned(ref Reserve(8), v);

    /// <summary>Copies any amount of bytes, across blocks.</summary>
    public void WriteBulk(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            if (_pos == _limit)
            {
                NextBlock(1);
            }
            int n = Math.Min(data.Length, _limit - _pos);
            data[..n].CopyTo(_buf.AsSpan(_pos));
            _pos += n;
            data = data[n..];
        }
    }

    /// <summary>Length in UTF-16 units, then the UTF-16LE units.</summary>
    public void WriteString(string s)
    {
        int bytes = s.Length * 2;
        WriteVarUInt((ulong)s.Length);
        if (_limit - _pos >= bytes)
        {
            Unsafe.CopyBlockUnaligned(
                ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buf), _pos),
                ref Unsafe.As<char, byte>(ref MemoryMarshal.GetReference(s.AsSpan())),
                (uint)bytes);
            _pos += bytes;
            return;
        }
        WriteBulk(MemoryMarshal.AsBytes(s.AsSpan()));
    }

    public void WriteUtf8(string s)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(s);
        WriteVarUInt((ulong)bytes.Length);
        WriteBulk(bytes);
    }

    public void WriteBigInteger(BigInteger value)
    {
        int n = value.GetByteCount();
        WriteVarUInt((ulong)n);
        Span<byte> tmp = n <= 256 ? stackalloc byte[n] : new byte[n];
        value.TryWriteBytes(tmp, out _);
        WriteBulk(tmp);
    }

    public void WriteSlots<T>(ReadOnlySpan<T> items) => _registry.Slots<T>().Write(this, items);
}
