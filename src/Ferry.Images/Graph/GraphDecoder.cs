using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ferry.Images.Graph;

/// <summary>
/// One read of an object graph from an image; mirrors <see cref="GraphEncoder"/>. Every count, id and
/// length read is checked, types are resolved only through the allowlist, and collections that hash
/// or compare are filled only after the whole graph exists.
/// </summary>
internal sealed class GraphDecoder
{
    private const int MaxInlineDepth = 512;
    private const int MaxTypeDepth = 64;

    private readonly CodecRegistry _registry;
    private readonly IObjectSurrogates? _surrogates;
    private readonly List<Action?> _deferred = new();
    private Dictionary<object, int>? _deferredIndex;   // incremental reads: owner → its fill in _deferred
    private HashSet<object>? _awaiting;                // incremental reads: objects whose bodies are still to come
    private object?[] _objects = new object?[1024];
    private TypeCodec?[] _objectCodecs = new TypeCodec?[1024];
    private int _objectCount;
    private TypeCodec[] _types = new TypeCodec[64];
    private int _typeCount;
    private long _budget;
    private int _depth;
    private int _typeDepth;

    private object[] _queue = new object[1024];
    private TypeCodec[] _queueCodecs = new TypeCodec[1024];
    private int _head;
    private int _tail;

    private ImageSectionReader? _section;
    private string _sectionName = "";
    private byte[] _buf = [];
    private int _pos;
    private int _end;
    private byte[] _scratch = new byte[256];

    public GraphDecoder(CodecRegistry registry, IObjectSurrogates? surrogates, long budget)
    {
        _registry = registry;
        _surrogates = surrogates;
        _budget = budget;
    }

    public CodecRegistry Registry => _registry;

    public int ObjectCount => _objectCount;

    public int TypeCount => _typeCount;

    /// <summary>
    /// Reading the rounds of an incremental graph (<see cref="GraphSession"/>): every queued body is preceded
    /// by a marker (1 = it follows, 0 = it comes in a later round's updates), objects may be read again, and a
    /// collection's fill is the one of its last body.
    /// </summary>
    public bool Updating { get; private set; }

    /// <summary>Objects whose bodies an incremental round left for a later one and no round has sent yet.</summary>
    public int AwaitingCount => _awaiting?.Count ?? 0;

    public void BeginIncremental()
    {
        Updating = true;
        _deferredIndex = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        _awaiting = new HashSet<object>(ReferenceEqualityComparer.Instance);
    }

    /// <summary>More image bytes to read (the next round's sections).</summary>
    public void AddBudget(long bytes) => _budget += bytes;

    /// <summary>Reads one root section: the root reference, then the fields of every object it introduced.</summary>
    public object? ReadRoot(ImageReader image, string name)
    {
        using var section = Open(image, name);
        object? root = ReadRef();
        DrainBodies();
        Close();
        return root;
    }

    /// <summary>
    /// Reads an incremental round's updates: records (object id + 1, then its body or changeable allocation
    /// state, read into the object that exists), a 0, then the bodies of the objects they introduced.
    /// </summary>
    public int ReadUpdates(ImageReader image, string name)
    {
        using var section = Open(image, name);
        int existing = _objectCount;
        int records = 0;
        while (true)
        {
            ulong v = ReadVarUInt();
            if (v == 0)
            {
                break;
            }
            ulong id = v - 1;
            if (id >= (ulong)existing)
            {
                throw Bad($"an update to object {id}, but only {existing} existed before this round");
            }
            object o = _objects[id]!;
            TypeCodec c = _objectCodecs[id]!;
            if (c.HasBody)
            {
                c.ReadBody(this, o);
            }
            else if (c.HasMutableAllocation)
            {
                c.ReadAllocationInto(this, o);
            }
            else
            {
                throw Bad($"an update to a {TypeNames.Display(c.Type)}, which cannot change");
            }
            _awaiting!.Remove(o);
            records++;
        }
        DrainBodies();
        Close();
        return records;
    }

    private ImageSectionReader Open(ImageReader image, string name)
    {
        _sectionName = name;
        var section = image.OpenSection(name);
        _section = section;
        _buf = [];
        _pos = _end = 0;
        return section;
    }

    private void DrainBodies()
    {
        while (_head < _tail)
        {
            object o = _queue[_head];
            TypeCodec c = _queueCodecs[_head];
            _queue[_head] = null!;
            _head++;
            if (Updating)
            {
                byte marker = ReadByte();
                if (marker == 0)
                {
                    _awaiting!.Add(o);
                    continue;
                }
                if (marker != 1)
                {
                    throw Bad($"body marker {marker}");
                }
            }
            c.ReadBody(this, o);
        }
        _head = _tail = 0;
    }

    private void Close()
    {
        if (_pos != _end || _section!.TryNextBlock(out _, out _))
        {
            throw Bad("unexpected data after the last object");
        }
        _section = null;
    }

    /// <summary>Runs the deferred fills (hash and sorted collections), innermost collections first.</summary>
    public void Finish()
    {
        for (int i = _deferred.Count - 1; i >= 0; i--)
        {
            _deferred[i]?.Invoke();
        }
        _deferred.Clear();
        _deferredIndex?.Clear();
    }

    /// <summary>
    /// Fills <paramref name="owner"/> once the whole graph is read. In an incremental read a later body of the
    /// same collection replaces the fill of an earlier one.
    /// </summary>
    public void Defer(object owner, Action fill)
    {
        if (_deferredIndex is not null)
        {
            if (_deferredIndex.TryGetValue(owner, out int earlier))
            {
                _deferred[earlier] = null;
            }
            _deferredIndex[owner] = _deferred.Count;
        }
        _deferred.Add(fill);
    }

    // ---- references ----

    public object? ReadRef()
    {
        ulong v = ReadVarUInt();
        if (v == 0)
        {
            return null;
        }
        if (v == 1)
        {
            return ReadNew();
        }
        ulong id = v - 2;
        if (id >= (ulong)_objectCount)
        {
            throw Bad($"reference to object {id}, but only {_objectCount} exist so far");
        }
        return _objects[id];
    }

    /// <summary>A reference that must be a <typeparamref name="T"/> (or null).</summary>
    public T? ReadRefAs<T>() where T : class
    {
        object? o = ReadRef();
        if (o is null or T)
        {
            return (T?)o;
        }
        throw Bad($"a {TypeNames.Display(o.GetType())} where a {TypeNames.Display(typeof(T))} belongs");
    }

    private object ReadNew()
    {
        if (++_depth > MaxInlineDepth)
        {
            throw Bad("objects nest too deeply");
        }
        try
        {
            int id = _objectCount++;
            if (id == _objects.Length)
            {
                Array.Resize(ref _objects, _objects.Length * 2);
                Array.Resize(ref _objectCodecs, _objects.Length);
            }
            Charge(1);
            TypeCodec codec = ReadTypeRef();
            if (!codec.IsInstantiable)
            {
                throw Bad($"an instance of {TypeNames.Display(codec.Type)}, which cannot have instances");
            }
            object value = codec.ReadAllocation(this);
            _objects[id] = value;
            _objectCodecs[id] = codec;
            if (codec.HasBody)
            {
                Enqueue(value, codec);
            }
            return value;
        }
        finally
        {
            _depth--;
        }
    }

    public object ResolveSurrogate(object surrogate)
    {
        if (_surrogates is null)
        {
            throw Bad($"a surrogate {TypeNames.Display(surrogate.GetType())}, but no surrogate resolver was given");
        }
        return _surrogates.Resolve(surrogate) ?? throw Bad($"the surrogate resolver returned null for {TypeNames.Display(surrogate.GetType())}");
    }

    private void Enqueue(object value, TypeCodec codec)
    {
        if (_tail == _queue.Length)
        {
            Array.Resize(ref _queue, _queue.Length * 2);
            Array.Resize(ref _queueCodecs, _queueCodecs.Length * 2);
        }
        _queue[_tail] = value;
        _queueCodecs[_tail] = codec;
        _tail++;
    }

    // ---- types ----

    public TypeCodec ReadTypeRef()
    {
        ulong v = ReadVarUInt();
        if (v != 0)
        {
            if (v > (ulong)_typeCount)
            {
                throw Bad($"reference to type {v - 1}, but only {_typeCount} are defined");
            }
            return _types[v - 1];
        }
        if (++_typeDepth > MaxTypeDepth)
        {
            throw Bad("type definitions nest too deeply");
        }
        try
        {
            TypeCodec codec = ReadForm();
            byte kind = ReadByte();
            if (kind != (byte)codec.Kind)
            {
                throw new ImageFormatException($"type {TypeNames.Display(codec.Type)} is stored as {(CodecKind)kind} in the image but is {codec.Kind} here (a different build?)");
            }
            codec.CheckDescriptor(this);
            if (_typeCount == _types.Length)
            {
                Array.Resize(ref _types, _types.Length * 2);
            }
            _types[_typeCount++] = codec;
            return codec;
        }
        finally
        {
            _typeDepth--;
        }
    }

    private TypeCodec ReadForm()
    {
        var form = (TypeForm)ReadByte();
        switch (form)
        {
            case TypeForm.Named:
            {
                string assembly = ReadUtf8(1024);
                string name = ReadUtf8(4096);
                if (!_registry.Allowlist.TryResolve(assembly, name, out var type))
                {
                    throw new ImageFormatException($"type '{name}' (assembly '{assembly}') is not allowed in images");
                }
                return CodecForRead(type);
            }
            case TypeForm.Generic:
            {
                Type def = ReadTypeRef().Type;
                int n = (int)ReadCount(1, 64);
                var args = new Type[n];
                for (int i = 0; i < n; i++)
                {
                    args[i] = ReadTypeRef().Type;
                }
                if (!def.IsGenericTypeDefinition || def.GetGenericArguments().Length != n)
                {
                    throw Bad($"{TypeNames.Display(def)} cannot take {n} type arguments");
                }
                Type made;
                try
                {
                    made = def.MakeGenericType(args);
                }
                catch (ArgumentException)
                {
                    throw Bad($"{TypeNames.Display(def)} cannot be instantiated with these type arguments");
                }
                return CodecForRead(made);
            }
            case TypeForm.SzArray:
            case TypeForm.MdArray:
            case TypeForm.ByRef:
            {
                Type element = ReadTypeRef().Type;
                if (element.IsByRef || element.IsByRefLike || element.ContainsGenericParameters || element == typeof(void))
                {
                    throw Bad($"{TypeNames.Display(element)} cannot be an element type");
                }
                Type made = form switch
                {
                    TypeForm.SzArray => element.MakeArrayType(),
                    TypeForm.ByRef => element.MakeByRefType(),
                    _ => element.MakeArrayType(ReadRank()),
                };
                return CodecForRead(made);
            }
            case TypeForm.WellKnown:
            {
                var code = (WellKnownCode)ReadByte();
                Type? arg = WellKnownCodec.TakesTypeArgument(code) ? ReadTypeRef().Type : null;
                return _registry.WellKnown(code, arg) ?? throw Bad($"unknown well-known object {(byte)code}");
            }
            case TypeForm.Surrogate:
            {
                var inner = ReadTypeRef() as ObjectCodec ?? throw Bad("a surrogate whose type is not a class with fields");
                return _registry.SurrogateFor(inner);
            }
            default:
                throw Bad($"unknown type form {(byte)form}");
        }
    }

    private int ReadRank()
    {
        int rank = ReadByte();
        if (rank is < 1 or > 32)
        {
            throw Bad($"array rank {rank}");
        }
        return rank;
    }

    private TypeCodec CodecForRead(Type type)
    {
        try
        {
            return _registry.GetCodec(type);
        }
        catch (TypeRefusedException e)
        {
            throw new ImageFormatException($"image names {TypeNames.Display(type)}: {e.Message}");
        }
    }

    // ---- bytes ----

    /// <summary>Takes <paramref name="count"/> contiguous bytes (valid until the next read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref byte Consume(int count)
    {
        if (_end - _pos >= count)
        {
            ref byte r = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buf), _pos);
            _pos += count;
            return ref r;
        }
        return ref ConsumeSlow(count);
    }

    private ref byte ConsumeSlow(int count)
    {
        if (_scratch.Length < count)
        {
            _scratch = new byte[Math.Max(count, _scratch.Length * 2)];
        }
        ReadBulk(_scratch.AsSpan(0, count));
        return ref _scratch[0];
    }

    public void ReadBulk(Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            if (_pos == _end)
            {
                NextBlock();
            }
            int n = Math.Min(destination.Length, _end - _pos);
            _buf.AsSpan(_pos, n).CopyTo(destination);
            _pos += n;
            destination = destination[n..];
        }
    }

    private void NextBlock()
    {
        if (_section is null || !_section.TryNextBlock(out _buf, out _end))
        {
            throw Bad("the section ends in the middle of an object");
        }
        _pos = 0;
    }

    public byte ReadByte()
    {
        if (_pos == _end)
        {
            NextBlock();
        }
        return _buf[_pos++];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong ReadVarUInt()
    {
        if (_pos < _end)
        {
            byte b = _buf[_pos];
            if (b < 0x80)
            {
                _pos++;
                return b;
            }
        }
        return ReadVarUIntSlow();
    }

    private ulong ReadVarUIntSlow()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = ReadByte();
            if (shift == 63 && b > 1)
            {
                throw Bad("varint overflows 64 bits");
            }
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw Bad("varint too long");
    }

    public long ReadVarInt() => Binary.VarInt.UnZigZag(ReadVarUInt());

    public long ReadInt64() => Unsafe.ReadUnaligned<long>(ref Consume(8));

    /// <summary>
    /// A count of items each encoded in at least <paramref name="minBytesPerItem"/> bytes: checked against
    /// what the image can still hold, so a small image cannot make us allocate a huge array.
    /// </summary>
    public long ReadCount(int minBytesPerItem, long max = 0x7FFFFFC7)
    {
        ulong n = ReadVarUInt();
        if (n > (ulong)max)
        {
            throw Bad($"count {n} exceeds the limit {max}");
        }
        Charge((long)n * Math.Max(1, minBytesPerItem));
        return (long)n;
    }

    /// <summary>
    /// Checks (without charging) that the image can still hold <paramref name="items"/> things of at least a
    /// byte each: for counts read ahead of the items they count, which are charged when read.
    /// </summary>
    public void Bound(long items)
    {
        if (items > _budget)
        {
            throw Bad("counts and lengths add up to more than the image holds");
        }
    }

    /// <summary>Accounts for bytes that the image must still contain.</summary>
    public void Charge(long bytes)
    {
        _budget -= bytes;
        if (_budget < 0)
        {
            throw Bad("counts and lengths add up to more than the image holds");
        }
    }

    public string ReadString()
    {
        int length = (int)ReadCount(2);
        if (length == 0)
        {
            return "";
        }
        return string.Create(length, this, static (chars, self) => self.ReadBulk(MemoryMarshal.AsBytes(chars)));
    }

    public string ReadUtf8(int maxBytes)
    {
        int n = (int)ReadCount(1, maxBytes);
        byte[] bytes = new byte[n];
        ReadBulk(bytes);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw Bad("invalid UTF-8 in a name");
        }
    }

    public BigInteger ReadBigInteger()
    {
        int n = (int)ReadCount(1, 1 << 24);
        if (n == 0)
        {
            return BigInteger.Zero;
        }
        byte[] bytes = new byte[n];
        ReadBulk(bytes);
        return new BigInteger(bytes);
    }

    public void ReadSlots<T>(Span<T> items) => _registry.Slots<T>().Read(this, items);

    public ImageFormatException Bad(string detail) => new($"corrupted object graph in section '{_sectionName}': {detail}");

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, true);
}
