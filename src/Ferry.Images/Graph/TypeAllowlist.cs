using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;
using System.Reflection;
using System.Runtime.ConstrainedExecution;
using System.Runtime.InteropServices;
using System.Text;

namespace Ferry.Images.Graph;

/// <summary>
/// Which types may appear in an image: every type declared in the added assemblies (the app's, and
/// Ferry.Runtime's), individually added types, and a built-in list of framework types. A generic
/// instantiation is allowed when its definition and all its arguments are; an array when its element
/// type is. Reading an image resolves type names only through this list.
/// </summary>
public sealed class TypeAllowlist
{
    private readonly object _gate = new();
    private readonly Dictionary<(string Assembly, string Name), Type> _types = new();
    private readonly HashSet<Type> _typeSet = new();
    private readonly HashSet<Type> _substituted = new();
    private readonly Dictionary<string, Assembly> _assemblies = new(StringComparer.Ordinal);
    private readonly Dictionary<Assembly, Dictionary<string, Type>> _assemblyTypes = new();
    private readonly ConcurrentDictionary<Type, bool> _allowed = new();

    /// <summary>An allowlist holding the built-in framework types.</summary>
    public TypeAllowlist()
    {
        foreach (var t in BuiltIn.Types())
        {
            AddType(t);
        }
    }

    /// <summary>Framework types whose fields are written by reflection (the rest have dedicated encodings).</summary>
    internal IReadOnlySet<Type> ReflectedFrameworkTypes => BuiltIn.Reflected;

    /// <summary>Allows every type declared in <paramref name="assembly"/>.</summary>
    public TypeAllowlist AddAssembly(Assembly assembly)
    {
        lock (_gate)
        {
            string name = assembly.GetName().Name ?? throw new ArgumentException("assembly has no name", nameof(assembly));
            if (_assemblies.TryGetValue(name, out var existing) && existing != assembly)
            {
                throw new ArgumentException($"another assembly named '{name}' is already allowed", nameof(assembly));
            }
            _assemblies[name] = assembly;
            _allowed.Clear();
        }
        return this;
    }

    /// <summary>Allows one type (a non-generic type or a generic definition).</summary>
    public TypeAllowlist AddType(Type type)
    {
        if (type.IsConstructedGenericType || type.IsArray || type.IsByRef || type.IsPointer || type.IsGenericParameter)
        {
            throw new ArgumentException($"add {TypeNames.Display(type)}'s definition or element type instead", nameof(type));
        }
        lock (_gate)
        {
            _types[(type.Assembly.GetName().Name ?? "", type.FullName ?? type.Name)] = type;
            _typeSet.Add(type);
            _allowed.Clear();
        }
        return this;
    }

    /// <summary>
    /// Allows a type whose instances the runtime's <see cref="IObjectSurrogates"/> always substitutes (Thread,
    /// Task, Task&lt;T&gt; as <c>typeof(Task&lt;&gt;)</c>, Lock, the console's TextWriter/TextReader): it may be
    /// the static type of array elements, generic arguments and fields, even if it would be banned
    /// (a critical finalizer object...), but an instance of it, or of a class derived from it, is written
    /// only as its surrogate (a writer refuses one the surrogates do not substitute) and a reader never
    /// creates one from the image (only <see cref="IObjectSurrogates.Resolve"/> does).
    /// </summary>
    public TypeAllowlist AddSubstitutedType(Type type)
    {
        if (type.IsConstructedGenericType || type.IsArray || type.IsByRef || type.IsPointer || type.IsGenericParameter)
        {
            throw new ArgumentException($"add {TypeNames.Display(type)}'s definition or element type instead", nameof(type));
        }
        lock (_gate)
        {
            // Named for reading (a Thread[] names Thread), but never in _typeSet: it has no codec of its own.
            _types[(type.Assembly.GetName().Name ?? "", type.FullName ?? type.Name)] = type;
            _substituted.Add(type);
            _allowed.Clear();
        }
        return this;
    }

    /// <summary>
    /// The substituted type (see <see cref="AddSubstitutedType"/>) that <paramref name="type"/> is, instantiates
    /// or derives from; null if none.
    /// </summary>
    internal Type? SubstitutedBaseOf(Type type)
    {
        if (type.IsArray || type.IsByRef || type.IsPointer || type.IsInterface)
        {
            return null;
        }
        lock (_gate)
        {
            if (_substituted.Count == 0)
            {
                return null;
            }
            for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                var definition = t.IsConstructedGenericType ? t.GetGenericTypeDefinition() : t;
                if (_substituted.Contains(definition))
                {
                    return definition;
                }
            }
        }
        return null;
    }

    private bool IsSubstituted(Type type)
    {
        lock (_gate)
        {
            return _substituted.Contains(type);
        }
    }

    /// <summary>True when instances of <paramref name="type"/> (or values of it) may be in an image.</summary>
    public bool IsAllowed(Type type)
    {
        if (_allowed.TryGetValue(type, out bool allowed))
        {
            return allowed;
        }
        allowed = Compute(type);
        _allowed[type] = allowed;
        return allowed;
    }

    private bool Compute(Type type)
    {
        if (type.IsArray || type.IsByRef)
        {
            return IsAllowed(type.GetElementType()!);
        }
        if (type.IsPointer || type.IsGenericParameter || type.IsFunctionPointer || type.IsUnmanagedFunctionPointer)
        {
            return false;
        }
        if (type.IsConstructedGenericType)
        {
            return IsAllowed(type.GetGenericTypeDefinition()) && type.GetGenericArguments().All(IsAllowed);
        }
        if (IsSubstituted(type))
        {
            // Before the ban: a Thread is a critical finalizer object, but only its surrogate is ever written.
            return true;
        }
        if (Banned(type))
        {
            return false;
        }
        lock (_gate)
        {
            return _typeSet.Contains(type) || _assemblies.TryGetValue(type.Assembly.GetName().Name ?? "", out var a) && a == type.Assembly;
        }
    }

    /// <summary>Handles, reflection objects and the like are never allowed, whatever assembly they are in.</summary>
    private static bool Banned(Type type) =>
        typeof(SafeHandle).IsAssignableFrom(type) || typeof(CriticalFinalizerObject).IsAssignableFrom(type)
        || typeof(MemberInfo).IsAssignableFrom(type) || typeof(Assembly).IsAssignableFrom(type) || typeof(Module).IsAssignableFrom(type);

    /// <summary>Resolves a type named in an image, only among allowed types (never Type.GetType).</summary>
    internal bool TryResolve(string assembly, string fullName, out Type type)
    {
        lock (_gate)
        {
            if (_types.TryGetValue((assembly, fullName), out type!))
            {
                return true;
            }
            if (_assemblies.TryGetValue(assembly, out var a))
            {
                if (!_assemblyTypes.TryGetValue(a, out var byName))
                {
                    byName = new Dictionary<string, Type>(StringComparer.Ordinal);
                    foreach (var t in LoadableTypes(a))
                    {
                        if (t.FullName is { } n)
                        {
                            byName[n] = t;
                        }
                    }
                    _assemblyTypes[a] = byName;
                }
                if (byName.TryGetValue(fullName, out type!) && !Banned(type))
                {
                    return true;
                }
            }
        }
        type = null!;
        return false;
    }

    private static Type[] LoadableTypes(Assembly a)
    {
        try
        {
            return a.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t is not null).ToArray()!;
        }
    }

    /// <summary>System.Collections.Generic.TreeSet&lt;T&gt; (internal): the tree under a SortedDictionary.</summary>
    internal static readonly Type TreeSetDefinition = FrameworkType(typeof(SortedSet<>).Assembly, "System.Collections.Generic.TreeSet`1");

    private static readonly Type SortedSetNodeDefinition = typeof(SortedSet<>).GetNestedType("Node", BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("SortedSet<T>.Node is missing from this runtime");

    private static readonly Type SortedDictionaryKeyComparer = typeof(SortedDictionary<,>).GetNestedType("KeyValuePairComparer", BindingFlags.Public | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("SortedDictionary<K,V>.KeyValuePairComparer is missing from this runtime");

    private static readonly Type SortedSetNodeColor = FrameworkType(typeof(SortedSet<>).Assembly, "System.Collections.Generic.NodeColor");

    private static Type FrameworkType(Assembly assembly, string name) =>
        assembly.GetType(name) ?? throw new InvalidOperationException($"{name} is missing from this runtime");

    /// <summary>The framework types every allowlist starts with.</summary>
    private static class BuiltIn
    {
        public static readonly HashSet<Type> Reflected = ReflectedTypes();

        public static IEnumerable<Type> Types()
        {
            Type[] plain =
            [
                typeof(object), typeof(string), typeof(bool), typeof(char), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort),
                typeof(int), typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal),
                typeof(nint), typeof(nuint), typeof(Half), typeof(Int128), typeof(UInt128),
                typeof(DateTime), typeof(DateTimeOffset), typeof(TimeSpan), typeof(DateOnly), typeof(TimeOnly), typeof(Guid), typeof(BigInteger),
                typeof(DayOfWeek), typeof(DateTimeKind), typeof(StringComparison),
                typeof(Nullable<>), typeof(KeyValuePair<,>),
                typeof(ValueTuple), typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>),
                typeof(ValueTuple<,,,,>), typeof(ValueTuple<,,,,,>), typeof(ValueTuple<,,,,,,>), typeof(ValueTuple<,,,,,,,>),
                typeof(Tuple<>), typeof(Tuple<,>), typeof(Tuple<,,>), typeof(Tuple<,,,>), typeof(Tuple<,,,,>), typeof(Tuple<,,,,,>),
                typeof(Tuple<,,,,,,>), typeof(Tuple<,,,,,,,>),
                typeof(List<>), typeof(Dictionary<,>), typeof(HashSet<>), typeof(Queue<>), typeof(Stack<>),
                typeof(SortedList<,>), typeof(SortedSet<>), TreeSetDefinition, typeof(LinkedList<>), typeof(LinkedListNode<>),
                typeof(StringBuilder), typeof(Random), typeof(Stopwatch), ArrayListEnumeratorCodec.EnumeratorType, typeof(System.Collections.Hashtable),
                typeof(CancellationToken), typeof(CancellationTokenSource),
                typeof(Action), typeof(Action<>), typeof(Action<,>), typeof(Action<,,>), typeof(Action<,,,>), typeof(Action<,,,,>),
                typeof(Action<,,,,,>), typeof(Action<,,,,,,>), typeof(Action<,,,,,,,>),
                typeof(Func<>), typeof(Func<,>), typeof(Func<,,>), typeof(Func<,,,>), typeof(Func<,,,,>), typeof(Func<,,,,,>),
                typeof(Func<,,,,,,>), typeof(Func<,,,,,,,>), typeof(Func<,,,,,,,,>),
                typeof(Predicate<>), typeof(Comparison<>), typeof(Converter<,>), typeof(EventHandler), typeof(EventHandler<>), typeof(EventArgs),
                typeof(System.Collections.IEnumerable), typeof(System.Collections.ICollection), typeof(System.Collections.IList),
                typeof(System.Collections.IDictionary), typeof(System.Collections.IComparer), typeof(System.Collections.IEqualityComparer),
                typeof(IEnumerable<>), typeof(ICollection<>), typeof(IList<>), typeof(IReadOnlyCollection<>), typeof(IReadOnlyList<>),
                typeof(IDictionary<,>), typeof(IReadOnlyDictionary<,>), typeof(ISet<>), typeof(IReadOnlySet<>),
                typeof(IEqualityComparer<>), typeof(IComparer<>), typeof(IComparable), typeof(IComparable<>), typeof(IEquatable<>),
                typeof(Comparer<>),
                typeof(IDisposable), typeof(IFormattable), typeof(ICloneable),
            ];
            return plain.Concat(Reflected).Concat(Exceptions);
        }

        /// <summary>
        /// Common framework exceptions (an app keeps a caught one across a checkpoint, or derives its own from
        /// them). Their own fields (ArgumentException's parameter name, ArgumentOutOfRangeException's actual
        /// value...) are written by reflection. Not here: exceptions holding framework state that images
        /// cannot carry, e.g. TaskCanceledException (a Task).
        /// </summary>
        public static readonly Type[] Exceptions =
        [
            typeof(Exception), typeof(SystemException), typeof(ApplicationException),
            typeof(InvalidOperationException), typeof(ObjectDisposedException), typeof(NotSupportedException),
            typeof(PlatformNotSupportedException), typeof(NotImplementedException),
            typeof(ArgumentException), typeof(ArgumentNullException), typeof(ArgumentOutOfRangeException),
            typeof(FormatException), typeof(ArithmeticException), typeof(OverflowException), typeof(DivideByZeroException),
            typeof(NotFiniteNumberException), typeof(IndexOutOfRangeException), typeof(KeyNotFoundException),
            typeof(InvalidCastException), typeof(NullReferenceException), typeof(TimeoutException), typeof(UnauthorizedAccessException),
            typeof(RankException), typeof(ArrayTypeMismatchException), typeof(InsufficientExecutionStackException),
            typeof(System.IO.IOException), typeof(System.IO.FileNotFoundException), typeof(System.IO.DirectoryNotFoundException),
            typeof(System.IO.EndOfStreamException), typeof(System.IO.PathTooLongException), typeof(System.IO.InvalidDataException),
            // Its inner exceptions in an array, and the read-only view over it (ReadOnlyCollection, by its fields).
            typeof(AggregateException),
            // Its token's source, if any, only once canceled (CanceledTokenSourceCodec).
            typeof(OperationCanceledException),
        ];

        private static Type HashtableView(string name) => typeof(System.Collections.Hashtable).GetNestedType(name, BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"Hashtable.{name} is missing from this runtime");

        /// <summary>System.Linq.Enumerable.Iterator&lt;T&gt; and every iterator class derived from it.</summary>
        private static IEnumerable<Type> LinqIterators()
        {
            var iterator = typeof(Enumerable).GetNestedType("Iterator`1", BindingFlags.NonPublic);
            if (iterator is null)
            {
                yield break; // another runtime's LINQ: its queries stay refused
            }
            yield return iterator;
            foreach (var t in LoadableTypes(typeof(Enumerable).Assembly))
            {
                // The operators written as C# iterator methods (Select with an index, Zip, Chunk...): state machines.
                if (t.DeclaringType == typeof(Enumerable) && t.Name.StartsWith('<') && t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false)
                    && t.GetInterfaces().Any(i => i == typeof(System.Collections.IEnumerator)))
                {
                    yield return t;
                    continue;
                }
                for (var b = t.BaseType; b is not null; b = b.BaseType)
                {
                    if (b.IsGenericType && b.GetGenericTypeDefinition() == iterator)
                    {
                        yield return t;
                        break;
                    }
                }
            }
        }

        /// <summary>Random's implementation classes: reflected so a restored Random continues its sequence.</summary>
        private static HashSet<Type> ReflectedTypes()
        {
            var set = new HashSet<Type> { typeof(object), typeof(Random) };
            // Enumerators of collections whose codecs keep their version and item positions, so that one held
            // across a checkpoint continues where it was.
            set.UnionWith(
            [
                typeof(List<>.Enumerator), typeof(HashSet<>.Enumerator), typeof(Queue<>.Enumerator), typeof(Stack<>.Enumerator),
                typeof(LinkedList<>.Enumerator), typeof(Dictionary<,>.Enumerator),
                typeof(Dictionary<,>.KeyCollection), typeof(Dictionary<,>.ValueCollection),
                typeof(Dictionary<,>.KeyCollection.Enumerator), typeof(Dictionary<,>.ValueCollection.Enumerator),
                // SortedDictionary: its tree is a TreeSet (SortedSet's codec); its key comparer and views by their fields.
                typeof(SortedDictionary<,>), SortedDictionaryKeyComparer, typeof(SortedDictionary<,>.Enumerator),
                typeof(SortedDictionary<,>.KeyCollection), typeof(SortedDictionary<,>.ValueCollection),
                typeof(SortedDictionary<,>.KeyCollection.Enumerator), typeof(SortedDictionary<,>.ValueCollection.Enumerator),
                // A SortedSet enumerator is a stack of the tree's nodes still to visit: the nodes are written by
                // their fields too (a copy of that part of the tree, whatever the rebuilt set's own nodes are).
                typeof(SortedSet<>.Enumerator), SortedSetNodeDefinition, SortedSetNodeColor,
                // A binary heap in an array of (element, priority) pairs: no hash codes, so reflected as it is.
                typeof(PriorityQueue<,>), typeof(PriorityQueue<,>.UnorderedItemsCollection),
                // A view over a list (AggregateException.InnerExceptions, List<T>.AsReadOnly()).
                typeof(System.Collections.ObjectModel.ReadOnlyCollection<>),
                // Non-generic collections: plain arrays and counters, nothing process-specific.
                typeof(System.Collections.ArrayList), typeof(System.Collections.Queue), typeof(System.Collections.Stack),
                // Views of a Hashtable (its own codec rebuilds the table): just the table they show.
                HashtableView("KeyCollection"), HashtableView("ValueCollection"),
            ]);
            // LINQ's iterators (Where, Select, Skip/Take, Concat, ...): state, current item, source, delegates and the
            // source's enumerator, all by their fields. A field holding something images cannot carry (a Lookup of
            // GroupBy/Join, which keeps hash codes) is still refused when the iterator is written.
            set.UnionWith(LinqIterators());
            // foreach over an array passed as IEnumerable<T>: the array, an index and an end index.
            foreach (string name in new[] { "System.SZGenericArrayEnumerator`1", "System.SZGenericArrayEnumeratorBase" })
            {
                if (typeof(object).Assembly.GetType(name) is { } t)
                {
                    set.Add(t);
                }
            }
            foreach (string name in new[] { "XoshiroImpl", "CompatSeedImpl", "CompatDerivedImpl", "CompatPrng", "ImplBase", "Net5CompatSeedImpl", "Net5CompatDerivedImpl", "Net5CompatImpl" })
            {
                if (typeof(Random).GetNestedType(name, BindingFlags.NonPublic) is { } t)
                {
                    set.Add(t);
                }
            }
            foreach (var t in new[] { typeof(Tuple<>), typeof(Tuple<,>), typeof(Tuple<,,>), typeof(Tuple<,,,>), typeof(Tuple<,,,,>), typeof(Tuple<,,,,,>), typeof(Tuple<,,,,,,>), typeof(Tuple<,,,,,,,>) })
            {
                set.Add(t);
            }
            return set;
        }
    }
}
