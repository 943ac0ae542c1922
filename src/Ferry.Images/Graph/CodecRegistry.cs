using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using System.Reflection;
using System.Text;

namespace Ferry.Images.Graph;

/// <summary>
/// Decides, once per type, how it is written and read, and keeps the result (with its compiled
/// accessors) for every later write and read. Refuses types that are not allowed.
/// </summary>
internal sealed class CodecRegistry
{
    private static readonly Dictionary<Type, Type> CollectionCodecs = new()
    {
        [typeof(List<>)] = typeof(ListCodec<>),
        [typeof(Queue<>)] = typeof(QueueCodec<>),
        [typeof(Stack<>)] = typeof(StackCodec<>),
        [typeof(HashSet<>)] = typeof(HashSetCodec<>),
        [typeof(SortedSet<>)] = typeof(SortedSetCodec<>),
        [typeof(Dictionary<,>)] = typeof(DictionaryCodec<,>),
        [typeof(SortedList<,>)] = typeof(SortedListCodec<,>),
        [typeof(LinkedList<>)] = typeof(LinkedListCodec<>),
        [typeof(LinkedListNode<>)] = typeof(LinkedListNodeCodec<>),
        // The tree under a SortedDictionary<K,V> (itself written by its fields, so its enumerators are too).
        [TypeAllowlist.TreeSetDefinition] = typeof(SortedSetCodec<>),
    };

    private readonly object _gate = new();
    private readonly ConcurrentDictionary<Type, TypeCodec> _codecs = new();
    private readonly ConcurrentDictionary<Type, object> _slots = new();
    private readonly ConcurrentDictionary<(WellKnownCode, Type?), WellKnownCodec> _wellKnown = new();
    private readonly ConcurrentDictionary<ObjectCodec, SurrogateCodec> _surrogates = new();
    private int _nextIndex;

    public CodecRegistry(TypeAllowlist allowlist)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Ferry images are written on little-endian machines only");
        }
        Allowlist = allowlist;
    }

    public TypeAllowlist Allowlist { get; }

    /// <summary>The codec of <paramref name="type"/>; throws <see cref="TypeRefusedException"/> when it cannot be in an image.</summary>
    public TypeCodec GetCodec(Type type)
    {
        if (_codecs.TryGetValue(type, out var codec))
        {
            return codec;
        }
        lock (_gate)
        {
            if (_codecs.TryGetValue(type, out codec))
            {
                return codec;
            }
            codec = Create(type);
            Register(codec);
            _codecs[type] = codec;
            return codec;
        }
    }

    private void Register(TypeCodec codec) => codec.Index = Interlocked.Increment(ref _nextIndex);

    public SlotCodec<T> Slots<T>()
    {
        if (_slots.TryGetValue(typeof(T), out var s))
        {
            return (SlotCodec<T>)s;
        }
        lock (_gate)
        {
            var slots = CreateSlots<T>();
            _slots[typeof(T)] = slots;
            return slots;
        }
    }

    public WellKnownCodec? WellKnown(WellKnownCode code, Type? argument)
    {
        if (_wellKnown.TryGetValue((code, argument), out var known))
        {
            return known;
        }
        object? instance = code switch
        {
            WellKnownCode.DefaultEqualityComparer when argument is not null => DefaultOf(typeof(EqualityComparer<>), argument),
            WellKnownCode.DefaultComparer when argument is not null => DefaultOf(typeof(Comparer<>), argument),
            WellKnownCode.OrdinalComparer => StringComparer.Ordinal,
            WellKnownCode.OrdinalIgnoreCaseComparer => StringComparer.OrdinalIgnoreCase,
            WellKnownCode.InvariantCultureComparer => StringComparer.InvariantCulture,
            WellKnownCode.InvariantCultureIgnoreCaseComparer => StringComparer.InvariantCultureIgnoreCase,
            WellKnownCode.ReferenceEqualityComparer => ReferenceEqualityComparer.Instance,
            WellKnownCode.SharedRandom => Random.Shared,
            _ => null,
        };
        if (instance is null)
        {
            return null;
        }
        lock (_gate)
        {
            if (!_wellKnown.TryGetValue((code, argument), out known))
            {
                known = new WellKnownCodec(code, argument, instance);
                Register(known);
                _wellKnown[(code, argument)] = known;
            }
            return known;
        }
    }

    public SurrogateCodec SurrogateFor(ObjectCodec inner)
    {
        lock (_gate)
        {
            if (!_surrogates.TryGetValue(inner, out var codec))
            {
                codec = new SurrogateCodec(inner);
                Register(codec);
                _surrogates[inner] = codec;
            }
            return codec;
        }
    }

    private TypeCodec Create(Type type)
    {
        if (type.IsPointer || type.IsFunctionPointer || type.IsUnmanagedFunctionPointer || type.IsGenericParameter || type == typeof(void))
        {
            throw new TypeRefusedException(type, "pointers and open types cannot be in images");
        }
        if (WellKnownDispatchFor(type) is { } dispatch)
        {
            return dispatch;
        }
        if (Allowlist.SubstitutedBaseOf(type) is { } substituted)
        {
            var codec = new SubstitutedCodec(type, substituted);
            // A class derived from a substituted type (an async state machine box...) cannot even be named:
            // the only thing to say about its instance is that the surrogates did not take it.
            return Allowlist.IsAllowed(type) ? codec : throw new TypeRefusedException(type, codec.Refusal);
        }
        if (!Allowlist.IsAllowed(type))
        {
            throw new TypeRefusedException(type, RefusalOf(type));
        }
        if (type.IsByRef || type.IsGenericTypeDefinition || type.IsInterface || type.IsAbstract || type.ContainsGenericParameters)
        {
            return new AbstractCodec(type);
        }
        if (type.IsByRefLike)
        {
            throw new TypeRefusedException(type, "ref structs cannot be in images");
        }
        if (type == typeof(string))
        {
            return new StringCodec();
        }
        if (type == typeof(BigInteger))
        {
            return new BigIntegerCodec();
        }
        if (FieldKinds.LeafKindOf(type) is { } leaf)
        {
            return new PrimitiveCodec(type, leaf);
        }
        if (type.IsArray)
        {
            var element = type.GetElementType()!;
            GetCodec(element);
            var generic = type.IsSZArray ? typeof(SzArrayCodec<>).MakeGenericType(element) : typeof(MdArrayCodec<>).MakeGenericType(element);
            return type.IsSZArray
                ? (TypeCodec)Activator.CreateInstance(generic, this)!
                : (TypeCodec)Activator.CreateInstance(generic, this, type)!;
        }
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            return new DelegateCodec(type);
        }
        if (type.IsConstructedGenericType && CollectionCodecs.TryGetValue(type.GetGenericTypeDefinition(), out var codecDefinition))
        {
            var codecType = codecDefinition.MakeGenericType(type.GetGenericArguments());
            if (codecType.GetConstructor([typeof(CodecRegistry), typeof(Type)]) is not null)
            {
                return (TypeCodec)Activator.CreateInstance(codecType, this, type)!;
            }
            return (TypeCodec)(codecType.GetConstructor([typeof(CodecRegistry)]) is not null
                ? Activator.CreateInstance(codecType, this)!
                : Activator.CreateInstance(codecType)!);
        }
        if (type == typeof(StringBuilder))
        {
            return new StringBuilderCodec();
        }
        if (type == typeof(CancellationTokenSource))
        {
            return new CanceledTokenSourceCodec();
        }
        if (type == typeof(System.Collections.Hashtable))
        {
            return new HashtableCodec();
        }
        if (type == ArrayListEnumeratorCodec.EnumeratorType)
        {
            return new ArrayListEnumeratorCodec();
        }
        if (type == typeof(Stopwatch))
        {
            return new StopwatchCodec();
        }
        if (type.IsValueType)
        {
            return new StructCodec(type, FlatLayout.ForValue(type, Allowlist.IsAllowed));
        }
        for (var b = type.BaseType; b is not null && b != typeof(object); b = b.BaseType)
        {
            var definition = b.IsConstructedGenericType ? b.GetGenericTypeDefinition() : b;
            if (CollectionCodecs.ContainsKey(definition) || b == typeof(StringBuilder) || b == typeof(Stopwatch) || b == typeof(System.Collections.Hashtable)
                || b == typeof(CancellationTokenSource) || typeof(Delegate).IsAssignableFrom(b))
            {
                throw new TypeRefusedException(type, $"type derives from {TypeNames.Display(b)}, whose internals are not written; hold one in a field instead");
            }
            if (!Allowlist.IsAllowed(b))
            {
                throw new TypeRefusedException(type, LinqRefusal(type) ?? $"type derives from {TypeNames.Display(b)}, which is not allowed in images");
            }
        }
        if (typeof(Exception).IsAssignableFrom(type))
        {
            return new ExceptionCodec(type, FlatLayout.ForClassBelow(type, typeof(Exception), Allowlist.IsAllowed), Allowlist);
        }
        return new ObjectCodec(type, FlatLayout.ForClass(type, Allowlist.IsAllowed));
    }

    /// <summary>Why a type outside the allowlist is refused, said plainly for the framework states apps often hold.</summary>
    internal static string RefusalOf(Type type)
    {
        var outer = type;
        while (outer.DeclaringType is { } d)
        {
            outer = d;
        }
        var outerDefinition = outer.IsGenericType ? outer.GetGenericTypeDefinition() : outer;
        if (type != outer && type.Name.Contains("Enumerator", StringComparison.Ordinal)
            && (CollectionCodecs.ContainsKey(outerDefinition) || outer.Namespace is "System.Collections" or "System.Collections.Generic"))
        {
            return $"an enumerator of {outerDefinition.Name.Split('`')[0]} in progress cannot be captured yet (finish or restart the loop before the safe point)";
        }
        return LinqRefusal(type) ?? "type not allowed in images";
    }

    /// <summary>The refusal of LINQ's own non-iterator types (GroupBy's and Join's lookups keep hash codes), null for any other type.</summary>
    private static string? LinqRefusal(Type type)
    {
        var outer = type;
        while (outer.DeclaringType is { } d)
        {
            outer = d;
        }
        return outer.Namespace == "System.Linq" && type.Assembly.GetName().Name == "System.Linq"
            ? $"a LINQ query in progress holds {TypeNames.Display(type)}, which cannot be captured yet (materialize the query with ToList() before the safe point)"
            : null;
    }

    private SlotCodec<T> CreateSlots<T>()
    {
        var type = typeof(T);
        if (!type.IsValueType)
        {
            return new RefSlots<T>();
        }
        var codec = GetCodec(type);
        if (codec is PrimitiveCodec p && FieldKinds.IsMemoryImage(p.LeafKind))
        {
            return (SlotCodec<T>)Activator.CreateInstance(typeof(BulkSlots<>).MakeGenericType(type))!;
        }
        var layout = codec switch
        {
            StructCodec s => s.Layout,
            _ => FlatLayout.ForValue(type, Allowlist.IsAllowed),
        };
        return new ValueSlots<T>(layout);
    }

    /// <summary>
    /// Framework singletons by the type of the instance: StringComparer.Ordinal & co, Random.Shared, and
    /// EqualityComparer&lt;T&gt;.Default / Comparer&lt;T&gt;.Default for whatever T the type compares.
    /// </summary>
    private WellKnownDispatch? WellKnownDispatchFor(Type type)
    {
        if (type.Assembly != typeof(object).Assembly || type.IsArray || type.IsByRef || type.IsInterface || type.IsGenericTypeDefinition)
        {
            return null;
        }
        var candidates = new List<WellKnownCodec>();
        foreach (var code in Enum.GetValues<WellKnownCode>())
        {
            if (!WellKnownCodec.TakesTypeArgument(code) && WellKnown(code, null) is { } c && c.Instance.GetType() == type)
            {
                candidates.Add(c);
            }
        }
        foreach (var i in type.GetInterfaces())
        {
            if (!i.IsConstructedGenericType)
            {
                continue;
            }
            var def = i.GetGenericTypeDefinition();
            var arg = i.GetGenericArguments()[0];
            if (arg.ContainsGenericParameters)
            {
                continue;
            }
            WellKnownCode? code = def == typeof(IEqualityComparer<>) ? WellKnownCode.DefaultEqualityComparer
                : def == typeof(IComparer<>) ? WellKnownCode.DefaultComparer : null;
            if (code is { } k && WellKnown(k, arg) is { } c && c.Instance.GetType() == type && !candidates.Contains(c))
            {
                candidates.Add(c);
            }
        }
        return candidates.Count == 0 ? null : new WellKnownDispatch(type, candidates);
    }

    private static object? DefaultOf(Type definition, Type argument)
    {
        try
        {
            return definition.MakeGenericType(argument).GetProperty("Default", BindingFlags.Public | BindingFlags.Static)!.GetValue(null);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
