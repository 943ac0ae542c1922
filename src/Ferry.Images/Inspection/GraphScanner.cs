using System.Numerics;
using System.Runtime.InteropServices;
using Ferry.Images.Binary;
using Ferry.Images.Graph;

namespace Ferry.Images.Inspection;

/// <summary>
/// Reads an object graph generically, from the schemas in the image's type definitions alone. Mirrors
/// <see cref="GraphDecoder"/> step by step but creates only framework values and <see cref="GraphObject"/>s.
/// </summary>
internal sealed class GraphScanner
{
    private const int MaxDepth = 512;

    private readonly ImageReader _image;
    private readonly List<ScannedType> _types = new();
    private readonly List<GraphObject> _objects = new();
    private readonly Queue<(GraphObject Object, ScannedType Type)> _queue = new();
    private byte[] _data = [];
    private int _pos;
    private string _section = "";
    private int _depth;

    public GraphScanner(ImageReader image) => _image = image;

    public GraphView Scan()
    {
        var manifest = GraphManifest.Read(_image);
        var roots = new Dictionary<string, GraphValue>(StringComparer.Ordinal);
        foreach (var name in manifest.Roots)
        {
            _section = name;
            _data = _image.ReadSection(name);
            _pos = 0;
            roots[name] = ReadRef();
            while (_queue.Count > 0)
            {
                var (o, t) = _queue.Dequeue();
                int start = _pos;
                ReadBody(o, t);
                o.Size += _pos - start;
            }
            if (_pos != _data.Length)
            {
                throw Bad("unexpected data after the last object");
            }
        }
        return new GraphView(manifest.Roots, roots, _objects);
    }

    // ---- references and objects ----

    private GraphValue ReadRef()
    {
        ulong v = VarU();
        if (v == 0)
        {
            return GraphValue.Null;
        }
        if (v == 1)
        {
            return GraphValue.Ref(ReadNew());
        }
        if (v - 2 >= (ulong)_objects.Count)
        {
            throw Bad($"reference to object {v - 2}, but only {_objects.Count} exist so far");
        }
        return GraphValue.Ref((int)(v - 2));
    }

    private int ReadNew()
    {
        if (++_depth > MaxDepth)
        {
            throw Bad("objects nest too deeply");
        }
        int start = _pos - 1;
        int id = _objects.Count;
        var t = ReadTypeRef();
        var o = new GraphObject(id, t.Name, KindName(t.Kind), _section);
        _objects.Add(o);
        ReadAllocation(o, t);
        o.Size += _pos - start;
        if (HasBody(t.Kind))
        {
            _queue.Enqueue((o, t));
        }
        _depth--;
        return id;
    }

    private static bool HasBody(CodecKind k) => k is CodecKind.Object or CodecKind.Struct or CodecKind.Array or CodecKind.List or CodecKind.Queue
        or CodecKind.Stack or CodecKind.HashSet or CodecKind.Dictionary or CodecKind.SortedList
        or CodecKind.SortedSet or CodecKind.LinkedList or CodecKind.LinkedListNode or CodecKind.Exception or CodecKind.ArrayListEnumerator
        or CodecKind.Hashtable;

    private static string KindName(CodecKind k) => k switch
    {
        CodecKind.Primitive or CodecKind.BigInteger => "value",
        CodecKind.WellKnown => "well-known",
        CodecKind.LinkedListNode => "linked-list-node",
        CodecKind.LinkedList => "linked-list",
        CodecKind.SortedList => "sorted-list",
        CodecKind.SortedSet => "sorted-set",
        CodecKind.HashSet => "hash-set",
        CodecKind.StringBuilder => "string-builder",
        CodecKind.ArrayListEnumerator => "array-list-enumerator",
        CodecKind.Hashtable => "hashtable",
        CodecKind.CanceledTokenSource => "canceled-token-source",
        _ => k.ToString().ToLowerInvariant(),
    };

    private void ReadAllocation(GraphObject o, ScannedType t)
    {
        switch (t.Kind)
        {
            case CodecKind.String:
                o.Value = ReadString();
                break;
            case CodecKind.StringBuilder:
                o.Value = ReadString();
                break;
            case CodecKind.Primitive:
                o.Value = FieldKinds.Box(t.Leaf, ref Take(FieldKinds.SizeOf(t.Leaf)));
                break;
            case CodecKind.BigInteger:
                o.Value = ReadBigInteger();
                break;
            case CodecKind.Stopwatch:
                o.Fields = [new("Elapsed", GraphValue.Of(TimeSpan.FromTicks(I64()))), new("IsRunning", GraphValue.Of(Byte() != 0))];
                break;
            case CodecKind.WellKnown:
                o.Value = t.Name;
                break;
            case CodecKind.Array when t.Form == TypeForm.SzArray:
                o.Lengths = [Count()];
                break;
            case CodecKind.Array:
            {
                var lengths = new int[t.Rank];
                for (int d = 0; d < t.Rank; d++)
                {
                    lengths[d] = Count();
                    VarU();
                }
                o.Lengths = lengths;
                break;
            }
            case CodecKind.HashSet or CodecKind.SortedSet or CodecKind.Dictionary or CodecKind.SortedList:
                o.Fields = [new("Comparer", ReadRef())];
                break;
            case CodecKind.Hashtable:
            {
                var comparer = ReadRef();
                o.Fields = [new("Comparer", comparer), new("LoadFactor", GraphValue.Of(BitConverter.UInt32BitsToSingle((uint)VarU())))];
                break;
            }
            case CodecKind.Delegate:
            {
                int n = Count();
                var fields = new List<GraphField>();
                var methods = new List<string>();
                for (int i = 0; i < n; i++)
                {
                    var target = ReadRef();
                    var declaring = ReadTypeRef();
                    string name = Utf8();
                    int generic = Count();
                    for (int g = 0; g < generic; g++)
                    {
                        ReadTypeRef();
                    }
                    int parameters = Count();
                    var ps = new string[parameters];
                    for (int p = 0; p < parameters; p++)
                    {
                        ps[p] = Utf8();
                    }
                    string method = $"{declaring.Name}.{name}({string.Join(", ", ps)})";
                    methods.Add(method);
                    fields.Add(new($"Target[{i}]", target));
                    fields.Add(new($"Method[{i}]", GraphValue.Of(method)));
                }
                o.Fields = fields;
                o.Value = string.Join(" + ", methods);
                break;
            }
            case CodecKind.Surrogate:
                o.Fields = ReadFields(t.Inner!.Schema);
                break;
            case CodecKind.Abstract:
                throw Bad($"an instance of {t.Name}, which cannot have instances");
        }
    }

    private void ReadBody(GraphObject o, ScannedType t)
    {
        switch (t.Kind)
        {
            case CodecKind.Object or CodecKind.Struct:
                o.Fields = ReadFields(t.Schema);
                break;
            case CodecKind.Exception:
            {
                var fields = new List<GraphField>();
                foreach (string name in new[] { "Message", "InnerException", "Source", "HelpLink", "StackTrace" })
                {
                    fields.Add(new(name, ReadRef()));
                }
                fields.Add(new("HResult", GraphValue.Of((int)Binary.VarInt.UnZigZag(VarU()))));
                int n = Count();
                var data = new List<KeyValuePair<GraphValue, GraphValue>>(n);
                for (int i = 0; i < n; i++)
                {
                    data.Add(new(ReadRef(), ReadRef()));
                }
                o.Entries = data;
                fields.AddRange(ReadFields(t.Schema));
                o.Fields = fields;
                break;
            }
            case CodecKind.Array:
            {
                long total = 1;
                foreach (var l in o.Lengths)
                {
                    total *= l;
                }
                ReadItems(o, t.Element!, total);
                break;
            }
            case CodecKind.List or CodecKind.Queue or CodecKind.Stack or CodecKind.HashSet or CodecKind.SortedSet:
                if (t.Kind == CodecKind.HashSet)
                {
                    SkipHashTableLayout();
                }
                else if (t.Kind is CodecKind.List or CodecKind.Queue or CodecKind.Stack or CodecKind.SortedSet)
                {
                    VarU(); // version
                }
                ReadItems(o, t.Arguments[0], Count());
                break;
            case CodecKind.Dictionary or CodecKind.SortedList:
            {
                if (t.Kind == CodecKind.Dictionary)
                {
                    SkipHashTableLayout();
                }
                int n = Count();
                var keys = ReadSlots(t.Arguments[0], n);
                var values = ReadSlots(t.Arguments[1], n);
                o.Entries = keys.Zip(values, (k, v) => new KeyValuePair<GraphValue, GraphValue>(k, v)).ToList();
                break;
            }
            case CodecKind.LinkedList:
                VarU(); // version
                o.Items = ReadSlots(null, Count());
                break;
            case CodecKind.LinkedListNode:
                o.Fields = [new("List", ReadRef()), new("Value", ReadSlots(t.Arguments[0], 1)[0])];
                break;
            case CodecKind.Hashtable:
            {
                VarU(); // version
                VarU(); // bucket count
                int n = Count();
                var keys = new List<GraphValue>(n);
                for (int i = 0; i < n; i++)
                {
                    keys.Add(ReadRef());
                }
                var entries = new List<KeyValuePair<GraphValue, GraphValue>>(n);
                foreach (var key in keys)
                {
                    entries.Add(new(key, ReadRef()));
                }
                o.Entries = entries;
                break;
            }
            case CodecKind.ArrayListEnumerator:
            {
                var list = ReadRef();
                long index = (long)VarU() - 1;
                int version = (int)(uint)VarU();
                bool isArrayList = Byte() != 0;
                var fields = new List<GraphField> { new("List", list), new("Index", GraphValue.Of(index)), new("Version", GraphValue.Of(version)), new("IsArrayList", GraphValue.Of(isArrayList)) };
                if (Byte() != 0)
                {
                    fields.Add(new("Current", ReadRef()));
                }
                o.Fields = fields;
                break;
            }
        }
    }

    /// <summary>Capacity, version, free slots: how the table is laid out, not what it holds.</summary>
    private void SkipHashTableLayout()
    {
        VarU();
        VarU();
        int free = Count();
        if (free > 0)
        {
            VarU();
            for (int i = 0; i < free; i++)
            {
                VarU();
            }
        }
    }

    private void ReadItems(GraphObject o, ScannedType element, long count)
    {
        if (count > _data.Length - _pos && !(element.IsStructSlot && element.Schema.Count == 0))
        {
            throw Bad("more items than the section holds");
        }
        if (element.IsFixedLeaf && FieldKinds.IsMemoryImage(element.Leaf))
        {
            int size = FieldKinds.SizeOf(element.Leaf);
            if (count * size > _data.Length - _pos)
            {
                throw Bad("more items than the section holds");
            }
            var array = Array.CreateInstance(FieldKinds.ClrTypeOf(element.Leaf), (int)count);
            var bytes = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(array), (int)count * size);
            _data.AsSpan(_pos, bytes.Length).CopyTo(bytes);
            _pos += bytes.Length;
            o.PrimitiveItems = array;
            return;
        }
        o.Items = ReadSlots(element, (int)count);
    }

    /// <summary>Reads <paramref name="count"/> slots of a type (null type: references).</summary>
    private List<GraphValue> ReadSlots(ScannedType? type, int count)
    {
        var items = new List<GraphValue>(Math.Min(count, 1 << 16));
        for (int i = 0; i < count; i++)
        {
            items.Add(type switch
            {
                null => ReadRef(),
                { IsFixedLeaf: true } => GraphValue.Of(FieldKinds.Box(type.Leaf, ref Take(FieldKinds.SizeOf(type.Leaf)))),
                { IsBigIntegerSlot: true } => GraphValue.Of(ReadBigInteger()),
                { IsStructSlot: true } => GraphValue.Struct(ReadFields(type.Schema)),
                _ => ReadRef(),
            });
        }
        return items;
    }

    private List<GraphField> ReadFields(IReadOnlyList<(string Name, FieldKind Kind)> schema)
    {
        var values = new GraphValue[schema.Count];
        int fixedSize = schema.Where(f => FieldKinds.IsFixed(f.Kind)).Sum(f => FieldKinds.SizeOf(f.Kind));
        ref byte blob = ref Take(fixedSize);
        int offset = 0;
        for (int i = 0; i < schema.Count; i++)
        {
            if (FieldKinds.IsFixed(schema[i].Kind))
            {
                values[i] = GraphValue.Of(FieldKinds.Box(schema[i].Kind, ref System.Runtime.CompilerServices.Unsafe.Add(ref blob, offset)));
                offset += FieldKinds.SizeOf(schema[i].Kind);
            }
        }
        for (int i = 0; i < schema.Count; i++)
        {
            if (schema[i].Kind == FieldKind.Ref)
            {
                values[i] = ReadRef();
            }
            else if (schema[i].Kind == FieldKind.BigInteger)
            {
                values[i] = GraphValue.Of(ReadBigInteger());
            }
        }
        return schema.Select((f, i) => new GraphField(Pretty(f.Name), values[i])).ToList();
    }

    /// <summary>"&lt;Name&gt;k__BackingField" reads as "Name".</summary>
    private static string Pretty(string name) => name.Replace("k__BackingField", "").Replace("<", "").Replace(">", "");

    // ---- types ----

    private ScannedType ReadTypeRef()
    {
        ulong v = VarU();
        if (v != 0)
        {
            if (v > (ulong)_types.Count)
            {
                throw Bad($"reference to type {v - 1}, but only {_types.Count} are defined");
            }
            return _types[(int)v - 1];
        }
        if (++_depth > MaxDepth)
        {
            throw Bad("type definitions nest too deeply");
        }
        var form = (TypeForm)Byte();
        ScannedType t = form switch
        {
            TypeForm.Named => Named(),
            TypeForm.Generic => Generic(),
            TypeForm.SzArray => ArrayOf(ReadTypeRef(), 0),
            TypeForm.MdArray => ArrayOf(ReadTypeRef(), Byte()),
            TypeForm.ByRef => ByRef(ReadTypeRef()),
            TypeForm.WellKnown => WellKnown((WellKnownCode)Byte()),
            TypeForm.Surrogate => Surrogate(ReadTypeRef()),
            _ => throw Bad($"unknown type form {(byte)form}"),
        };
        t.Kind = (CodecKind)Byte();
        if (!Enum.IsDefined(t.Kind))
        {
            throw Bad($"unknown codec kind {(byte)t.Kind}");
        }
        if (t.Kind == CodecKind.Primitive)
        {
            t.Leaf = (FieldKind)Byte();
            if (!FieldKinds.IsFixed(t.Leaf) || !FieldKinds.IsValid(t.Leaf))
            {
                throw Bad($"unknown value kind {(byte)t.Leaf}");
            }
        }
        else if (t.Kind is CodecKind.Object or CodecKind.Struct or CodecKind.Exception)
        {
            int n = Count();
            var schema = new (string, FieldKind)[n];
            for (int i = 0; i < n; i++)
            {
                schema[i] = (Utf8(), (FieldKind)Byte());
                if (!FieldKinds.IsValid(schema[i].Item2))
                {
                    throw Bad($"unknown field kind {(byte)schema[i].Item2}");
                }
            }
            t.Schema = schema;
        }
        if (NeedsArguments(t.Kind) > t.Arguments.Count || (t.Kind == CodecKind.Array) != (t.Element is not null && form != TypeForm.ByRef)
            || (t.Kind == CodecKind.Surrogate) != (form == TypeForm.Surrogate) || (t.Kind == CodecKind.WellKnown) != (form == TypeForm.WellKnown))
        {
            throw Bad($"type {t.Name} does not fit its kind {t.Kind}");
        }
        _types.Add(t);
        _depth--;
        return t;
    }

    private static int NeedsArguments(CodecKind k) => k switch
    {
        CodecKind.List or CodecKind.Queue or CodecKind.Stack or CodecKind.HashSet or CodecKind.SortedSet or CodecKind.LinkedListNode => 1,
        CodecKind.Dictionary or CodecKind.SortedList => 2,
        _ => 0,
    };

    private ScannedType Named()
    {
        string assembly = Utf8();
        string name = Utf8();
        _ = assembly;
        // Framework types read as in C# (List, not System.Collections.Generic.List); app types keep their namespace.
        string display = name;
        int plus = display.IndexOf('+');
        string outer = plus >= 0 ? display[..plus] : display;
        int dot = outer.LastIndexOf('.');
        if (dot >= 0 && outer.StartsWith("System", StringComparison.Ordinal))
        {
            display = display[(dot + 1)..];
        }
        return new ScannedType { Name = display.Replace('+', '.'), Form = TypeForm.Named };
    }

    private ScannedType Generic()
    {
        var definition = ReadTypeRef();
        int n = Count();
        var args = new ScannedType[n];
        for (int i = 0; i < n; i++)
        {
            args[i] = ReadTypeRef();
        }
        string baseName = definition.Name;
        int tick = baseName.IndexOf('`');
        if (tick >= 0)
        {
            baseName = baseName[..tick];
        }
        return new ScannedType { Name = $"{baseName}<{string.Join(", ", args.Select(a => a.Name))}>", Form = TypeForm.Generic, Arguments = args };
    }

    private static ScannedType ArrayOf(ScannedType element, int rank) => new()
    {
        Name = rank == 0 ? element.Name + "[]" : $"{element.Name}[{new string(',', Math.Max(0, rank - 1))}]",
        Form = rank == 0 ? TypeForm.SzArray : TypeForm.MdArray,
        Element = element,
        Rank = rank,
    };

    private static ScannedType ByRef(ScannedType element) => new() { Name = element.Name + "&", Form = TypeForm.ByRef, Element = element };

    private ScannedType WellKnown(WellKnownCode code)
    {
        ScannedType? arg = WellKnownCodec.TakesTypeArgument(code) ? ReadTypeRef() : null;
        string name = code switch
        {
            WellKnownCode.DefaultEqualityComparer => $"EqualityComparer<{arg!.Name}>.Default",
            WellKnownCode.DefaultComparer => $"Comparer<{arg!.Name}>.Default",
            WellKnownCode.OrdinalComparer => "StringComparer.Ordinal",
            WellKnownCode.OrdinalIgnoreCaseComparer => "StringComparer.OrdinalIgnoreCase",
            WellKnownCode.InvariantCultureComparer => "StringComparer.InvariantCulture",
            WellKnownCode.InvariantCultureIgnoreCaseComparer => "StringComparer.InvariantCultureIgnoreCase",
            WellKnownCode.ReferenceEqualityComparer => "ReferenceEqualityComparer.Instance",
            WellKnownCode.SharedRandom => "Random.Shared",
            _ => throw Bad($"unknown well-known object {(byte)code}"),
        };
        return new ScannedType { Name = name, Form = TypeForm.WellKnown, Code = code };
    }

    private ScannedType Surrogate(ScannedType inner)
    {
        if (inner.Kind != CodecKind.Object)
        {
            throw Bad("a surrogate whose type is not a class with fields");
        }
        return new ScannedType { Name = inner.Name, Form = TypeForm.Surrogate, Inner = inner };
    }

    // ---- bytes ----

    private ref byte Take(int n)
    {
        if (n < 0 || n > _data.Length - _pos)
        {
            throw Bad("the section ends in the middle of an object");
        }
        ref byte r = ref MemoryMarshal.GetArrayDataReference(_data);
        r = ref System.Runtime.CompilerServices.Unsafe.Add(ref r, _pos);
        _pos += n;
        return ref r;
    }

    private byte Byte() => Take(1);

    private long I64() => System.Runtime.CompilerServices.Unsafe.ReadUnaligned<long>(ref Take(8));

    private ulong VarU()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = Byte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw Bad("varint too long");
    }

    private int Count()
    {
        ulong n = VarU();
        if (n > (ulong)(_data.Length - _pos) + 1_000_000 || n > int.MaxValue)
        {
            throw Bad($"count {n} is larger than the section");
        }
        return (int)n;
    }

    private string ReadString()
    {
        int n = Count();
        var span = MemoryMarshal.Cast<byte, char>(MemoryMarshal.CreateReadOnlySpan(ref Take(n * 2), n * 2));
        return new string(span);
    }

    private string Utf8()
    {
        int n = Count();
        try
        {
            return new System.Text.UTF8Encoding(false, true).GetString(MemoryMarshal.CreateReadOnlySpan(ref Take(n), n));
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw Bad("invalid UTF-8 in a name");
        }
    }

    private BigInteger ReadBigInteger()
    {
        int n = Count();
        return n == 0 ? BigInteger.Zero : new BigInteger(MemoryMarshal.CreateReadOnlySpan(ref Take(n), n));
    }

    private ImageFormatException Bad(string detail) => new($"corrupted object graph in section '{_section}': {detail}");
}
