using Ferry.Weaver.Analysis;
using Ferry.Weaver.Instrumentation;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Ferry.Weaver.Barriers;

/// <summary>
/// Write barriers for pre-copy (docs/capture-protocol.md, "Write barriers"): after every write into a heap
/// object, app code tells <c>DirtyTracker</c> which object it wrote — when tracking is on. The off path is
/// <c>volatile. ldsfld DirtyTracker.Active; brfalse</c> and the mark call is out of line.
/// <list type="bullet">
/// <item><c>stfld</c> into a class instance, <c>stelem*</c>: the object, after the store.</item>
/// <item><c>ldflda</c> on a class instance, <c>ldelema</c> (not <c>readonly.</c>), <c>unbox</c>: the object, pinned
/// (the byref is written through later, where no barrier sees it).</item>
/// <item>A call into code that is not woven (the framework): its receiver and its array arguments, after the
/// call, unless <see cref="WriteBarrierTable"/> says the member only reads. One that hands out a byref or a span,
/// a constructor given arrays (a MemoryStream over a buffer) and a delegate made over a framework method:
/// those objects, pinned. A receiver or argument the code cannot get at (a span argument below it on the
/// stack, a constrained call on a type parameter): an unknown write.</item>
/// </list>
/// Statics are not tracked (a final round sends them all); calls into woven code are not either (it marks its
/// own writes). Last, <see cref="BarrierLoopSplitter"/> moves the mark calls of loops into slow copies.
/// </summary>
public sealed class WriteBarrierRewriter
{
    private readonly RuntimeApi _api;
    private readonly ISet<string> _wovenAssemblies;
    private readonly BarrierLoopSplitter _splitter;
    private MethodDefinition _method = null!;
    private ILProcessor _il = null!;
    private readonly Dictionary<string, Stack<VariableDefinition>> _free = new();
    private readonly HashSet<Instruction> _targets = new();
    private IReadOnlyDictionary<Instruction, StackEntry[]>? _stacks;
    /// <summary>Per barrier site and stack depth (0 = top): a local or argument load that gives the same object again after the write.</summary>
    private readonly Dictionary<(Instruction, int), (OpCode, object)> _reloads = new();

    public WriteBarrierRewriter(RuntimeApi api, ISet<string> wovenAssemblies)
    {
        _api = api;
        _wovenAssemblies = wovenAssemblies;
        _splitter = new BarrierLoopSplitter(api.TrackingActive);
    }

    /// <summary>Barriers inserted so far.</summary>
    public int Count { get; private set; }

    /// <summary>Loops given a slow copy so far (<see cref="BarrierLoopSplitter"/>).</summary>
    public int SplitLoops => _splitter.Count;

    public void Rewrite(MethodDefinition method)
    {
        if (!method.HasBody) return;
        _method = method;
        _il = method.Body.GetILProcessor();
        _free.Clear();
        method.Body.SimplifyMacros();
        _targets.Clear();
        foreach (var i in method.Body.Instructions)
        {
            if (i.Operand is Instruction t) _targets.Add(t);
            if (i.Operand is Instruction[] ts) _targets.UnionWith(ts);
        }
        foreach (var h in method.Body.ExceptionHandlers)
        {
            _targets.Add(h.HandlerStart);
            if (h.FilterStart is not null) _targets.Add(h.FilterStart);
        }
        try
        {
            _stacks = StackSimulator.Simulate(method, new WellKnownTypes(method.Module));
        }
        catch (Exception e) when (e is WeavingException or InvalidOperationException or ArgumentException)
        {
            _stacks = null; // every barrier goes through temps
        }
        _reloads.Clear();
        foreach (var ins in method.Body.Instructions)
        {
            int depth = ins.OpCode.Code switch
            {
                Code.Stfld or Code.Ldelema => 1,
                Code.Ldflda or Code.Unbox => 0,
                Code.Stelem_I or Code.Stelem_I1 or Code.Stelem_I2 or Code.Stelem_I4 or Code.Stelem_I8 or Code.Stelem_R4
                    or Code.Stelem_R8 or Code.Stelem_Ref or Code.Stelem_Any => 2,
                Code.Call or Code.Callvirt => ((MethodReference)ins.Operand).Parameters.Count + (((MethodReference)ins.Operand).HasThis ? 1 : 0) - 1,
                _ => -1,
            };
            for (int d = 0; d <= depth; d++) FindReload(ins, d);
        }
        foreach (var ins in method.Body.Instructions.ToList())
        {
            switch (ins.OpCode.Code)
            {
                case Code.Stfld when IsClassField((FieldReference)ins.Operand):
                    StoreField(ins);
                    break;
                case Code.Stelem_I or Code.Stelem_I1 or Code.Stelem_I2 or Code.Stelem_I4 or Code.Stelem_I8 or Code.Stelem_R4
                    or Code.Stelem_R8 or Code.Stelem_Ref or Code.Stelem_Any:
                    StoreElement(ins);
                    break;
                case Code.Ldflda when IsClassField((FieldReference)ins.Operand):
                case Code.Unbox:
                    PinTop(ins);
                    break;
                case Code.Ldelema when ins.Previous?.OpCode.Code != Code.Readonly:
                    PinArray(ins);
                    break;
                case Code.Call or Code.Callvirt or Code.Newobj:
                    Call(ins);
                    break;
            }
        }
        _splitter.Split(method.Body);
        method.Body.OptimizeMacros();
    }

    // ---- stores ----

    /// <summary>
    /// Records, before anything moves, whether the value <paramref name="depth"/> below the top of the stack at
    /// <paramref name="at"/> was loaded from a local or argument that nothing changes before <paramref name="at"/>
    /// (straight-line code, no store to it, no address of it taken): loading it again after the write gives the
    /// same object, and the barrier needs no temps — what keeps hot loops' array stores cheap.
    /// </summary>
    private void FindReload(Instruction at, int depth)
    {
        if (_stacks is null || !_stacks.TryGetValue(at, out var stack) || depth >= stack.Length) return;
        var producer = stack[stack.Length - 1 - depth].Producer;
        if (producer is null || producer.OpCode.Code is not (Code.Ldloc or Code.Ldarg)) return;
        for (var i = producer.Next; i != at; i = i.Next)
        {
            if (i is null || _targets.Contains(i)) return;
            if (i.OpCode.FlowControl is not (FlowControl.Next or FlowControl.Call or FlowControl.Meta)) return;
            if (i.OpCode.Code is Code.Stloc or Code.Ldloca or Code.Starg or Code.Ldarga && Equals(i.Operand, producer.Operand)) return;
        }
        if (_targets.Contains(at)) return;
        _reloads[(at, depth)] = (producer.OpCode, producer.Operand);
    }

    /// <summary>An index kept as the int32 it is (a native int copy would cost the loop its bounds-check elimination).</summary>
    private TypeReference IndexType(Instruction at, int depth) =>
        _stacks is not null && _stacks.TryGetValue(at, out var stack) && depth < stack.Length
        && stack[stack.Length - 1 - depth].Type.MetadataType == MetadataType.Int32
            ? _method.Module.TypeSystem.Int32
            : _method.Module.TypeSystem.IntPtr;

    private Instruction? Reload(Instruction at, int depth) =>
        _reloads.TryGetValue((at, depth), out var r) ? Instruction.Create(OpCodes.Nop) is var i ? With(i, r) : null : null;

    private static Instruction With(Instruction i, (OpCode Code, object Operand) r)
    {
        i.OpCode = r.Code;
        i.Operand = r.Operand;
        return i;
    }

    /// <summary>[obj, value] stfld → value to a temp, obj kept; store; mark obj.</summary>
    private void StoreField(Instruction ins)
    {
        if (Reload(ins, 1) is { } again)
        {
            InsertAfter(ins, MarkIfActive(again, _api.Mark));
            return;
        }
        var field = (FieldReference)ins.Operand;
        var value = Temp(GenericContext.Resolve(field.FieldType, field));
        var target = Temp(_method.Module.TypeSystem.Object);
        var store = InsertBefore(ins, [Op(OpCodes.Stloc, value), Op(OpCodes.Dup), Op(OpCodes.Stloc, target), Op(OpCodes.Ldloc, value)]);
        InsertAfter(store, MarkIfActive(target, _api.Mark));
        Release(value, target);
    }

    /// <summary>[array, index, value] stelem → index and value to temps, array kept; store; mark array.</summary>
    private void StoreElement(Instruction ins)
    {
        if (Reload(ins, 2) is { } again)
        {
            InsertAfter(ins, MarkIfActive(again, _api.Mark));
            return;
        }
        var module = _method.Module;
        TypeReference element = ins.OpCode.Code switch
        {
            Code.Stelem_I => module.TypeSystem.IntPtr,
            Code.Stelem_I1 => module.TypeSystem.SByte,
            Code.Stelem_I2 => module.TypeSystem.Int16,
            Code.Stelem_I4 => module.TypeSystem.Int32,
            Code.Stelem_I8 => module.TypeSystem.Int64,
            Code.Stelem_R4 => module.TypeSystem.Single,
            Code.Stelem_R8 => module.TypeSystem.Double,
            Code.Stelem_Ref => module.TypeSystem.Object,
            _ => (TypeReference)ins.Operand,
        };
        var value = Temp(element);
        var index = Temp(IndexType(ins, 1));
        var array = Temp(module.TypeSystem.Object);
        var store = InsertBefore(ins, [Op(OpCodes.Stloc, value), Op(OpCodes.Stloc, index), Op(OpCodes.Dup), Op(OpCodes.Stloc, array),
            Op(OpCodes.Ldloc, index), Op(OpCodes.Ldloc, value)]);
        InsertAfter(store, MarkIfActive(array, _api.Mark));
        Release(value, index, array);
    }

    /// <summary>[obj] ldflda/unbox → if active: pin obj.</summary>
    private void PinTop(Instruction ins)
    {
        if (Reload(ins, 0) is { } again)
        {
            // Pinned marks stay for good: after the address is taken is as good as before.
            InsertAfter(ins, MarkIfActive(again, _api.MarkPinned));
            return;
        }
        var skip = Instruction.Create(OpCodes.Nop);
        var original = InsertBefore(ins, [.. ActiveCheck(skip), Op(OpCodes.Dup), Op(OpCodes.Call, _api.MarkPinned), skip]);
        _ = original;
        Count++;
    }

    /// <summary>[array, index] ldelema → index to a temp; if active: pin array.</summary>
    private void PinArray(Instruction ins)
    {
        if (Reload(ins, 1) is { } again)
        {
            InsertAfter(ins, MarkIfActive(again, _api.MarkPinned));
            return;
        }
        var index = Temp(IndexType(ins, 0));
        var skip = Instruction.Create(OpCodes.Ldloc, index);
        InsertBefore(ins, [Op(OpCodes.Stloc, index), .. ActiveCheck(skip), Op(OpCodes.Dup), Op(OpCodes.Call, _api.MarkPinned), skip]);
        Release(index);
        Count++;
    }

    // ---- calls into code that is not woven ----

    private void Call(Instruction ins)
    {
        var target = (MethodReference)ins.Operand;
        if (target.CallingConvention == MethodCallingConvention.VarArg || IsWoven(target.DeclaringType)) return;
        var declaring = target.DeclaringType is GenericInstanceType g ? g.ElementType : target.DeclaringType;
        bool isNew = ins.OpCode.Code == Code.Newobj;
        bool isCtor = target.Name == ".ctor";
        bool valueReceiver = target.HasThis && IsValueType(target.DeclaringType);
        // A base constructor call runs on the object being built: nothing has been sent of it yet.
        if (isCtor && !isNew && !valueReceiver) return;
        bool invoke = IsDelegate(declaring) && target.Name == "Invoke";
        if (!invoke && WriteBarrierTable.IsReadOnly(declaring.FullName, target.Name)) return;

        var parameters = target.Parameters.Select(p => GenericContext.Resolve(p.ParameterType, target)).ToList();
        bool receiver = target.HasThis && !isNew;
        var types = new List<TypeReference>();
        if (receiver) types.Add(target.DeclaringType);
        types.AddRange(parameters);

        // Which stack positions (0 = receiver, if any) to mark after the call, and how.
        bool pin = isCtor || HandsOutReference(GenericContext.Resolve(target.ReturnType, target));
        var marked = new List<int>();
        if (receiver && !valueReceiver) marked.Add(0);
        for (int i = receiver ? 1 : 0; i < types.Count; i++)
        {
            var t = types[i];
            bool reference = !t.IsByReference && !t.IsPointer && t is not GenericParameter && !IsValueType(t);
            // Arrays are written by what they are given to; for a static method (extensions over collections),
            // a struct being built over an object (an interpolated-string handler over a StringBuilder) or a call
            // that hands out a byref or span, any object argument may be.
            if (reference && (IsArrayLike(t) || (!target.HasThis || valueReceiver || pin) && !IsImmutableArgument(t)))
            {
                marked.Add(i);
            }
        }
        if (receiver && ins.Previous is { OpCode.Code: Code.Constrained } prefix && prefix.Operand is GenericParameter)
        {
            // The receiver is a byref to a T that may be a class: which object it is cannot be told here.
            InsertAfter(ins, UnknownIfActive());
            Count++;
            return;
        }
        if (marked.Count == 0) return;

        var reloads = marked.Select(m => Reload(ins, types.Count - 1 - m)).ToList();
        if (reloads.All(r => r is not null))
        {
            var direct = new List<Instruction>();
            var pass = Instruction.Create(OpCodes.Nop);
            direct.AddRange(ActiveCheck(pass));
            for (int k = 0; k < marked.Count; k++)
            {
                direct.Add(reloads[k]!);
                direct.Add(Op(OpCodes.Call, invoke && marked[k] == 0 ? _api.MarkInvoked : pin ? _api.MarkPinned : _api.Mark));
            }
            direct.Add(pass);
            RemoveTailPrefix(ins);
            InsertAfter(ins, direct);
            Count++;
            return;
        }
        // The arguments at the top of the stack loaded by one simple instruction each are loaded again after the
        // call; the ones below them go through temps, down to the lowest marked position.
        var producers = SimpleProducers(ins, types.Count);
        int firstSimple = types.Count - producers.Count;
        int lowest = marked.Min();
        for (int i = lowest; i < firstSimple; i++)
        {
            if (types[i].IsByReference || types[i].IsPointer || IsByRefLike(types[i]) || i == 0 && valueReceiver)
            {
                InsertAfter(ins, UnknownIfActive());
                Count++;
                return;
            }
        }
        RemoveTailPrefix(ins);
        var temps = new Dictionary<int, VariableDefinition>();
        if (lowest < firstSimple)
        {
            // Below the simple loads (which then run as before): store, load back, keep the temps.
            var spill = new List<Instruction>();
            for (int i = firstSimple - 1; i >= lowest; i--)
            {
                temps[i] = Temp(types[i]);
                spill.Add(Op(OpCodes.Stloc, temps[i]));
            }
            for (int i = lowest; i < firstSimple; i++) spill.Add(Op(OpCodes.Ldloc, temps[i]));
            var at = producers.Count > 0 ? producers[0] : ins;
            while (producers.Count == 0 && at.Previous is { OpCode.OpCodeType: OpCodeType.Prefix } p) at = p;
            var moved = InsertBefore(at, spill);
            if (producers.Count > 0) producers[0] = moved;
            else if (at == ins) ins = moved; // the call itself moved behind the spill
        }
        var after = new List<Instruction>();
        var skip = Instruction.Create(OpCodes.Nop);
        after.AddRange(ActiveCheck(skip));
        foreach (int m in marked)
        {
            after.Add(temps.TryGetValue(m, out var temp) ? Op(OpCodes.Ldloc, temp) : Clone(producers[m - firstSimple]));
            after.Add(Op(OpCodes.Call, invoke && m == 0 ? _api.MarkInvoked : pin ? _api.MarkPinned : _api.Mark));
        }
        after.Add(skip);
        InsertAfter(ins, after);
        Release([.. temps.Values]);
        Count++;
    }

    /// <summary>
    /// The instructions right before <paramref name="call"/> that each push one argument with no side effect
    /// (a local, an argument, a constant), up to <paramref name="count"/>, innermost (the last argument) last.
    /// </summary>
    private List<Instruction> SimpleProducers(Instruction call, int count)
    {
        var result = new List<Instruction>();
        var head = call;
        while (head.Previous is { OpCode.OpCodeType: OpCodeType.Prefix } prefix) head = prefix;
        if (_targets.Contains(head)) return result; // arguments may come from elsewhere
        for (var p = head.Previous; p is not null && result.Count < count && p.OpCode.Code is Code.Ldloc or Code.Ldarg or Code.Ldloca
                 or Code.Ldarga or Code.Ldc_I4 or Code.Ldc_I8 or Code.Ldc_R4 or Code.Ldc_R8 or Code.Ldnull or Code.Ldstr or Code.Ldsflda; p = p.Previous)
        {
            result.Insert(0, p);
            // A branch target pushes its own value, but what is below it may come from another path.
            if (_targets.Contains(p)) break;
        }
        return result;
    }

    private static Instruction Clone(Instruction i)
    {
        var c = Instruction.Create(OpCodes.Nop);
        c.OpCode = i.OpCode;
        c.Operand = i.Operand;
        return c;
    }

    // ---- helpers ----

    private List<Instruction> ActiveCheck(Instruction skip) =>
        [Op(OpCodes.Volatile), Op(OpCodes.Ldsfld, _api.TrackingActive), Instruction.Create(OpCodes.Brfalse, skip)];

    private List<Instruction> MarkIfActive(VariableDefinition target, MethodReference mark) => MarkIfActive(Op(OpCodes.Ldloc, target), mark);

    private List<Instruction> MarkIfActive(Instruction loadTarget, MethodReference mark)
    {
        Count++;
        var skip = Instruction.Create(OpCodes.Nop);
        return [.. ActiveCheck(skip), loadTarget, Op(OpCodes.Call, mark), skip];
    }

    private List<Instruction> UnknownIfActive()
    {
        var skip = Instruction.Create(OpCodes.Nop);
        return [.. ActiveCheck(skip), Op(OpCodes.Call, _api.MarkUnknown), skip];
    }

    private bool IsWoven(TypeReference type)
    {
        var scope = type.Scope switch
        {
            ModuleDefinition m => m.Assembly.Name.Name,
            AssemblyNameReference a => a.Name,
            _ => type.Module.Assembly.Name.Name,
        };
        return _wovenAssemblies.Contains(scope);
    }

    private static bool IsClassField(FieldReference field) => !field.DeclaringType.IsValueType && Resolve(field.DeclaringType) is { IsValueType: false };

    private static bool IsValueType(TypeReference t) => t.IsValueType || t is not GenericParameter && Resolve(t) is { IsValueType: true };

    /// <summary>Arguments no call writes into: strings, delegates, types, boxed values.</summary>
    private static bool IsImmutableArgument(TypeReference t)
    {
        var name = (t is GenericInstanceType g ? g.ElementType : t).FullName;
        return WriteBarrierTable.IsReadOnly(name, "") || IsDelegate(t);
    }

    private static bool IsDelegate(TypeReference type) =>
        Resolve(type)?.BaseType?.FullName is "System.MulticastDelegate" or "System.Delegate";

    private static bool IsArrayLike(TypeReference type) => type is ArrayType || type.FullName == "System.Array";

    /// <summary>A return value through which the caller can write into what it was given (a byref, a span, a segment).</summary>
    private static bool HandsOutReference(TypeReference type)
    {
        if (type.IsByReference) return true;
        var name = (type is GenericInstanceType g ? g.ElementType : type).FullName;
        return name is "System.Span`1" or "System.Memory`1" or "System.ArraySegment`1";
    }

    private static bool IsByRefLike(TypeReference type) =>
        !type.IsByReference && type.IsValueType && Resolve(type) is { } def
        && def.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.IsByRefLikeAttribute");

    private static TypeDefinition? Resolve(TypeReference type)
    {
        // Cecil resolves an array, byref or pointer type to its element type's definition: not what is asked.
        if (type is TypeSpecification and not GenericInstanceType) return null;
        try
        {
            return (type is GenericInstanceType g ? g.ElementType : type).Resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null;
        }
    }

    private static void RemoveTailPrefix(Instruction ins)
    {
        for (var p = ins.Previous; p is { OpCode.OpCodeType: OpCodeType.Prefix }; p = p.Previous)
        {
            if (p.OpCode.Code == Code.Tail)
            {
                p.OpCode = OpCodes.Nop;
                p.Operand = null;
            }
        }
    }

    private static Instruction Op(OpCode code) => Instruction.Create(code);

    private static Instruction Op(OpCode code, VariableDefinition v) => Instruction.Create(code, v);

    private static Instruction Op(OpCode code, MethodReference m) => Instruction.Create(code, m);

    private static Instruction Op(OpCode code, FieldReference f) => Instruction.Create(code, f);

    private Instruction Op(OpCode code, TypeReference t) => Instruction.Create(code, _method.Module.ImportReference(t));

    /// <summary>
    /// Puts <paramref name="sequence"/> before <paramref name="target"/> so that branches and handlers that
    /// reach <paramref name="target"/> run it first: the target instruction takes the sequence's first opcode
    /// and the original moves behind the sequence. Returns the original (moved) instruction.
    /// </summary>
    private Instruction InsertBefore(Instruction target, List<Instruction> sequence)
    {
        var original = Instruction.Create(OpCodes.Nop);
        original.OpCode = target.OpCode;
        original.Operand = target.Operand;
        var first = sequence[0];
        // Branches inside the sequence that aim at its first instruction would now aim at the target.
        foreach (var i in sequence)
        {
            if (i.Operand == first) i.Operand = target;
        }
        target.OpCode = first.OpCode;
        target.Operand = first.Operand;
        var last = target;
        for (int i = 1; i < sequence.Count; i++)
        {
            _il.InsertAfter(last, sequence[i]);
            last = sequence[i];
        }
        _il.InsertAfter(last, original);
        return original;
    }

    private void InsertAfter(Instruction after, List<Instruction> sequence)
    {
        foreach (var i in sequence)
        {
            _il.InsertAfter(after, i);
            after = i;
        }
    }

    /// <summary>A local of <paramref name="type"/>; temps are dead outside their barrier, so barriers share them.</summary>
    private VariableDefinition Temp(TypeReference type)
    {
        var imported = _method.Module.ImportReference(type);
        var key = imported.FullName;
        if (_free.TryGetValue(key, out var stack) && stack.Count > 0) return stack.Pop();
        var v = new VariableDefinition(imported);
        _method.Body.Variables.Add(v);
        _method.Body.InitLocals = true;
        return v;
    }

    private void Release(params VariableDefinition[] temps)
    {
        foreach (var t in temps)
        {
            if (!_free.TryGetValue(t.VariableType.FullName, out var stack)) _free[t.VariableType.FullName] = stack = new();
            stack.Push(t);
        }
    }
}
