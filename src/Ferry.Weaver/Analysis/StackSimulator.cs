using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ferry.Weaver.Analysis;

/// <summary>
/// Computes the evaluation stack (types and producers) before every reachable instruction of a
/// method body, by forward data flow over branches and exception handlers. The weaver needs it to
/// spill the stack into typed temporaries at capture sites.
/// </summary>
public sealed class StackSimulator
{
    private readonly MethodDefinition _method;
    private readonly WellKnownTypes _types;
    private readonly Dictionary<Instruction, StackEntry[]> _before = new();

    private StackSimulator(MethodDefinition method, WellKnownTypes types)
    {
        _method = method;
        _types = types;
    }

    /// <summary>Stack before each reachable instruction (unreachable ones are absent).</summary>
    public static IReadOnlyDictionary<Instruction, StackEntry[]> Simulate(MethodDefinition method, WellKnownTypes types)
    {
        var sim = new StackSimulator(method, types);
        sim.Run();
        return sim._before;
    }

    private void Run()
    {
        var body = _method.Body;
        var work = new Stack<Instruction>();
        void Flow(Instruction target, StackEntry[] state)
        {
            if (_before.TryGetValue(target, out var existing))
            {
                if (existing.Length != state.Length)
                    throw new WeavingException($"stack depth mismatch at IL_{target.Offset:x4} ({existing.Length} vs {state.Length})");
                var merged = Merge(existing, state, out var changed);
                if (!changed) return;
                _before[target] = merged;
            }
            else
            {
                _before[target] = state;
            }
            work.Push(target);
        }

        if (body.Instructions.Count == 0) return;
        Flow(body.Instructions[0], []);
        foreach (var h in body.ExceptionHandlers)
        {
            switch (h.HandlerType)
            {
                case ExceptionHandlerType.Catch:
                    Flow(h.HandlerStart, [new StackEntry(_method.Module.ImportReference(h.CatchType), null)]);
                    break;
                case ExceptionHandlerType.Filter:
                    Flow(h.FilterStart, [new StackEntry(_types.Exception, null)]);
                    Flow(h.HandlerStart, [new StackEntry(_types.Exception, null)]);
                    break;
                default:
                    Flow(h.HandlerStart, []);
                    break;
            }
        }

        while (work.Count > 0)
        {
            var ins = work.Pop();
            var state = _before[ins];
            var after = Transfer(ins, state);
            var flow = ins.OpCode.FlowControl;
            switch (ins.OpCode.Code)
            {
                case Code.Leave:
                case Code.Leave_S:
                    Flow((Instruction)ins.Operand, []);
                    continue;
                case Code.Endfinally:
                case Code.Endfilter:
                case Code.Ret:
                case Code.Throw:
                case Code.Rethrow:
                case Code.Jmp:
                    continue;
            }
            if (ins.Operand is Instruction target) Flow(target, after);
            if (ins.Operand is Instruction[] targets)
                foreach (var t in targets) Flow(t, after);
            if (flow != FlowControl.Branch && flow != FlowControl.Return && flow != FlowControl.Throw && ins.Next is not null)
                Flow(ins.Next, after);
        }
    }

    private static StackEntry[] Merge(StackEntry[] a, StackEntry[] b, out bool changed)
    {
        changed = false;
        var result = (StackEntry[])a.Clone();
        for (var i = 0; i < a.Length; i++)
        {
            var x = a[i];
            var y = b[i];
            var type = x.Type;
            if (x.Type.FullName != y.Type.FullName)
            {
                if (IsNull(x)) type = y.Type;
                else if (IsNull(y)) type = x.Type;
                else if (!x.Type.IsValueType && !y.Type.IsValueType && !x.Type.IsByReference && !y.Type.IsByReference && !x.Type.IsPointer)
                    type = x.Type.Module.TypeSystem.Object;
                else if (x.Type.FullName == "System.Single" && y.Type.FullName == "System.Double")
                    type = y.Type;
            }
            var producer = ReferenceEquals(x.Producer, y.Producer) ? x.Producer : null;
            if (!ReferenceEquals(type, x.Type) && type.FullName != x.Type.FullName || !ReferenceEquals(producer, x.Producer))
            {
                changed = true;
                result[i] = new StackEntry(type, producer);
            }
        }
        return result;
    }

    private static bool IsNull(StackEntry e) => e.Producer?.OpCode.Code == Code.Ldnull;

    private StackEntry[] Transfer(Instruction ins, StackEntry[] before)
    {
        var stack = new List<StackEntry>(before);
        var pops = PopCount(ins, stack.Count);
        if (pops > stack.Count)
            throw new WeavingException($"stack underflow at IL_{ins.Offset:x4} {ins.OpCode}");
        var popped = stack.GetRange(stack.Count - pops, pops);
        stack.RemoveRange(stack.Count - pops, pops);
        foreach (var pushed in Pushes(ins, popped))
            stack.Add(pushed);
        return stack.ToArray();
    }

    private static int PopCount(Instruction ins, int depth)
    {
        switch (ins.OpCode.StackBehaviourPop)
        {
            case StackBehaviour.Pop0: return 0;
            case StackBehaviour.Pop1:
            case StackBehaviour.Popi:
            case StackBehaviour.Popref:
                return 1;
            case StackBehaviour.Pop1_pop1:
            case StackBehaviour.Popi_pop1:
            case StackBehaviour.Popi_popi:
            case StackBehaviour.Popi_popi8:
            case StackBehaviour.Popi_popr4:
            case StackBehaviour.Popi_popr8:
            case StackBehaviour.Popref_pop1:
            case StackBehaviour.Popref_popi:
                return 2;
            case StackBehaviour.Popi_popi_popi:
            case StackBehaviour.Popref_popi_popi:
            case StackBehaviour.Popref_popi_popi8:
            case StackBehaviour.Popref_popi_popr4:
            case StackBehaviour.Popref_popi_popr8:
            case StackBehaviour.Popref_popi_popref:
                return 3;
            case StackBehaviour.PopAll:
                return depth;
            case StackBehaviour.Varpop:
                return VarPop(ins);
            default:
                throw new WeavingException($"unknown pop behaviour {ins.OpCode.StackBehaviourPop}");
        }
    }

    private static int VarPop(Instruction ins)
    {
        switch (ins.OpCode.Code)
        {
            case Code.Ret:
                return 0; // handled by caller: ret ends the flow, what it pops does not matter
            case Code.Newobj:
                return ((MethodReference)ins.Operand).Parameters.Count;
            case Code.Calli:
            {
                var site = (CallSite)ins.Operand;
                return site.Parameters.Count + (site.HasThis && !site.ExplicitThis ? 1 : 0) + 1;
            }
            default:
            {
                var m = (MethodReference)ins.Operand;
                return m.Parameters.Count + (m.HasThis && !m.ExplicitThis ? 1 : 0);
            }
        }
    }

    private IEnumerable<StackEntry> Pushes(Instruction ins, List<StackEntry> popped)
    {
        var ts = _method.Module.TypeSystem;
        StackEntry E(TypeReference t) => new(t, ins);
        var op = ins.Operand;
        switch (ins.OpCode.Code)
        {
            case Code.Nop: case Code.Break: case Code.Pop: case Code.Starg: case Code.Starg_S:
            case Code.Stloc: case Code.Stloc_S: case Code.Stloc_0: case Code.Stloc_1: case Code.Stloc_2: case Code.Stloc_3:
            case Code.Stfld: case Code.Stsfld: case Code.Stobj: case Code.Initobj: case Code.Cpobj: case Code.Cpblk: case Code.Initblk:
            case Code.Stind_I: case Code.Stind_I1: case Code.Stind_I2: case Code.Stind_I4: case Code.Stind_I8:
            case Code.Stind_R4: case Code.Stind_R8: case Code.Stind_Ref:
            case Code.Stelem_I: case Code.Stelem_I1: case Code.Stelem_I2: case Code.Stelem_I4: case Code.Stelem_I8:
            case Code.Stelem_R4: case Code.Stelem_R8: case Code.Stelem_Ref: case Code.Stelem_Any:
            case Code.Br: case Code.Br_S: case Code.Brfalse: case Code.Brfalse_S: case Code.Brtrue: case Code.Brtrue_S:
            case Code.Beq: case Code.Beq_S: case Code.Bne_Un: case Code.Bne_Un_S: case Code.Bge: case Code.Bge_S:
            case Code.Bge_Un: case Code.Bge_Un_S: case Code.Bgt: case Code.Bgt_S: case Code.Bgt_Un: case Code.Bgt_Un_S:
            case Code.Ble: case Code.Ble_S: case Code.Ble_Un: case Code.Ble_Un_S: case Code.Blt: case Code.Blt_S:
            case Code.Blt_Un: case Code.Blt_Un_S: case Code.Switch: case Code.Leave: case Code.Leave_S:
            case Code.Endfinally: case Code.Endfilter: case Code.Ret: case Code.Throw: case Code.Rethrow: case Code.Jmp:
            case Code.Volatile: case Code.Tail: case Code.Unaligned: case Code.Constrained: case Code.Readonly: case Code.No:
                yield break;

            case Code.Ldarg_0: case Code.Ldarg_1: case Code.Ldarg_2: case Code.Ldarg_3: case Code.Ldarg: case Code.Ldarg_S:
                yield return E(ArgType(ArgIndex(ins)));
                yield break;
            case Code.Ldarga: case Code.Ldarga_S:
                yield return E(new ByReferenceType(ArgType(ArgIndex(ins))));
                yield break;
            case Code.Ldloc_0: case Code.Ldloc_1: case Code.Ldloc_2: case Code.Ldloc_3: case Code.Ldloc: case Code.Ldloc_S:
                yield return E(LocalType(ins));
                yield break;
            case Code.Ldloca: case Code.Ldloca_S:
                yield return E(new ByReferenceType(LocalType(ins)));
                yield break;

            case Code.Ldnull: yield return E(ts.Object); yield break;
            case Code.Ldstr: yield return E(ts.String); yield break;
            case Code.Ldc_I4: case Code.Ldc_I4_S: case Code.Ldc_I4_0: case Code.Ldc_I4_1: case Code.Ldc_I4_2:
            case Code.Ldc_I4_3: case Code.Ldc_I4_4: case Code.Ldc_I4_5: case Code.Ldc_I4_6: case Code.Ldc_I4_7:
            case Code.Ldc_I4_8: case Code.Ldc_I4_M1:
                yield return E(ts.Int32); yield break;
            case Code.Ldc_I8: yield return E(ts.Int64); yield break;
            case Code.Ldc_R4: yield return E(ts.Single); yield break;
            case Code.Ldc_R8: yield return E(ts.Double); yield break;

            case Code.Dup:
                yield return popped[0];
                yield return popped[0];
                yield break;

            case Code.Ldfld: case Code.Ldsfld:
            {
                var f = (FieldReference)op!;
                yield return E(GenericContext.Resolve(f.FieldType, f));
                yield break;
            }
            case Code.Ldflda: case Code.Ldsflda:
            {
                var f = (FieldReference)op!;
                yield return E(new ByReferenceType(GenericContext.Resolve(f.FieldType, f)));
                yield break;
            }

            case Code.Call: case Code.Callvirt:
            {
                var m = (MethodReference)op!;
                if (!TypeShapes.IsVoid(m.ReturnType))
                    yield return E(GenericContext.Resolve(TypeShapes.Unmodified(m.ReturnType), m));
                yield break;
            }
            case Code.Calli:
            {
                var site = (CallSite)op!;
                if (!TypeShapes.IsVoid(site.ReturnType)) yield return E(TypeShapes.Unmodified(site.ReturnType));
                yield break;
            }
            case Code.Newobj:
                yield return E(((MethodReference)op!).DeclaringType);
                yield break;

            case Code.Newarr:
                yield return E(new ArrayType((TypeReference)op!));
                yield break;
            case Code.Ldlen: yield return E(ts.IntPtr); yield break;
            case Code.Ldelema:
                yield return E(new ByReferenceType((TypeReference)op!));
                yield break;
            case Code.Ldelem_I1: case Code.Ldelem_U1: case Code.Ldelem_I2: case Code.Ldelem_U2:
            case Code.Ldelem_I4: case Code.Ldelem_U4:
                yield return E(ts.Int32); yield break;
            case Code.Ldelem_I8: yield return E(ts.Int64); yield break;
            case Code.Ldelem_I: yield return E(ts.IntPtr); yield break;
            case Code.Ldelem_R4: yield return E(ts.Single); yield break;
            case Code.Ldelem_R8: yield return E(ts.Double); yield break;
            case Code.Ldelem_Ref:
                yield return E(popped[0].Type is ArrayType at ? at.ElementType : ts.Object);
                yield break;
            case Code.Ldelem_Any: yield return E((TypeReference)op!); yield break;

            case Code.Ldind_I1: case Code.Ldind_U1: case Code.Ldind_I2: case Code.Ldind_U2:
            case Code.Ldind_I4: case Code.Ldind_U4:
                yield return E(ts.Int32); yield break;
            case Code.Ldind_I8: yield return E(ts.Int64); yield break;
            case Code.Ldind_I: yield return E(ts.IntPtr); yield break;
            case Code.Ldind_R4: yield return E(ts.Single); yield break;
            case Code.Ldind_R8: yield return E(ts.Double); yield break;
            case Code.Ldind_Ref:
                yield return E(popped[0].Type is ByReferenceType br ? br.ElementType : ts.Object);
                yield break;
            case Code.Ldobj: yield return E((TypeReference)op!); yield break;

            case Code.Box: yield return E(ts.Object); yield break;
            case Code.Unbox: yield return E(new ByReferenceType((TypeReference)op!)); yield break;
            case Code.Unbox_Any: yield return E((TypeReference)op!); yield break;
            case Code.Castclass:
            case Code.Isinst:
            {
                var t = (TypeReference)op!;
                yield return E(t.IsValueType || t.IsGenericParameter ? ts.Object : t);
                yield break;
            }

            case Code.Ldtoken:
                yield return E(op switch
                {
                    FieldReference => _types.RuntimeFieldHandle,
                    MethodReference => _types.RuntimeMethodHandle,
                    _ => _types.RuntimeTypeHandle,
                });
                yield break;
            case Code.Ldftn: case Code.Ldvirtftn: case Code.Localloc:
                yield return E(ts.IntPtr); yield break;
            case Code.Sizeof: yield return E(ts.Int32); yield break;
            case Code.Arglist: yield return E(_types.RuntimeArgumentHandle); yield break;
            case Code.Mkrefany: yield return E(_types.TypedReference); yield break;
            case Code.Refanyval: yield return E(new ByReferenceType((TypeReference)op!)); yield break;
            case Code.Refanytype: yield return E(_types.RuntimeTypeHandle); yield break;

            case Code.Ceq: case Code.Cgt: case Code.Cgt_Un: case Code.Clt: case Code.Clt_Un:
                yield return E(ts.Int32); yield break;

            case Code.Conv_I1: case Code.Conv_I2: case Code.Conv_I4: case Code.Conv_U1: case Code.Conv_U2: case Code.Conv_U4:
            case Code.Conv_Ovf_I1: case Code.Conv_Ovf_I2: case Code.Conv_Ovf_I4: case Code.Conv_Ovf_U1: case Code.Conv_Ovf_U2: case Code.Conv_Ovf_U4:
            case Code.Conv_Ovf_I1_Un: case Code.Conv_Ovf_I2_Un: case Code.Conv_Ovf_I4_Un: case Code.Conv_Ovf_U1_Un:
            case Code.Conv_Ovf_U2_Un: case Code.Conv_Ovf_U4_Un:
                yield return E(ts.Int32); yield break;
            case Code.Conv_I8: case Code.Conv_U8: case Code.Conv_Ovf_I8: case Code.Conv_Ovf_U8:
            case Code.Conv_Ovf_I8_Un: case Code.Conv_Ovf_U8_Un:
                yield return E(ts.Int64); yield break;
            case Code.Conv_I: case Code.Conv_U: case Code.Conv_Ovf_I: case Code.Conv_Ovf_U:
            case Code.Conv_Ovf_I_Un: case Code.Conv_Ovf_U_Un:
                yield return E(ts.IntPtr); yield break;
            case Code.Conv_R4: yield return E(ts.Single); yield break;
            case Code.Conv_R8: case Code.Conv_R_Un: yield return E(ts.Double); yield break;

            case Code.Neg: case Code.Not: case Code.Ckfinite:
                yield return new StackEntry(popped[0].Type, ins); yield break;

            case Code.Add: case Code.Sub: case Code.Mul: case Code.Div: case Code.Div_Un: case Code.Rem: case Code.Rem_Un:
            case Code.And: case Code.Or: case Code.Xor: case Code.Add_Ovf: case Code.Add_Ovf_Un: case Code.Sub_Ovf:
            case Code.Sub_Ovf_Un: case Code.Mul_Ovf: case Code.Mul_Ovf_Un:
                yield return E(Arithmetic(popped[0].Type, popped[1].Type)); yield break;
            case Code.Shl: case Code.Shr: case Code.Shr_Un:
                yield return E(Normalize(popped[0].Type)); yield break;

            default:
                throw new WeavingException($"opcode {ins.OpCode} is not supported by the stack simulator");
        }
    }

    private TypeReference Arithmetic(TypeReference a, TypeReference b)
    {
        if (a.IsByReference || a.IsPointer) return a;
        if (b.IsByReference || b.IsPointer) return b;
        var na = Normalize(a);
        var nb = Normalize(b);
        if (na.MetadataType == MetadataType.Double || nb.MetadataType == MetadataType.Double) return na.Module.TypeSystem.Double;
        if (na.MetadataType == MetadataType.Single) return nb.MetadataType == MetadataType.Single ? na : nb;
        if (na.MetadataType == MetadataType.IntPtr || nb.MetadataType == MetadataType.IntPtr) return _method.Module.TypeSystem.IntPtr;
        return na;
    }

    /// <summary>Small integer types live on the stack as int32.</summary>
    private TypeReference Normalize(TypeReference t)
    {
        var ts = _method.Module.TypeSystem;
        return t.MetadataType switch
        {
            MetadataType.Boolean or MetadataType.Char or MetadataType.SByte or MetadataType.Byte
                or MetadataType.Int16 or MetadataType.UInt16 or MetadataType.UInt32 => ts.Int32,
            MetadataType.UInt64 => ts.Int64,
            MetadataType.UIntPtr => ts.IntPtr,
            _ => t,
        };
    }

    private int ArgIndex(Instruction ins) => ins.OpCode.Code switch
    {
        Code.Ldarg_0 => 0,
        Code.Ldarg_1 => 1,
        Code.Ldarg_2 => 2,
        Code.Ldarg_3 => 3,
        _ => ((ParameterDefinition)ins.Operand).Sequence,
    };

    /// <summary>Type of argument slot <paramref name="index"/> (slot 0 is <c>this</c> for instance methods).</summary>
    private TypeReference ArgType(int index)
    {
        if (_method.HasThis)
        {
            if (index == 0) return ThisType(_method);
            index--;
        }
        return _method.Parameters[index].ParameterType;
    }

    public static TypeReference ThisType(MethodDefinition method)
    {
        TypeReference self = method.DeclaringType;
        if (method.DeclaringType.HasGenericParameters)
        {
            var inst = new GenericInstanceType(method.DeclaringType);
            foreach (var gp in method.DeclaringType.GenericParameters) inst.GenericArguments.Add(gp);
            self = inst;
        }
        return method.DeclaringType.IsValueType ? new ByReferenceType(self) : self;
    }

    private TypeReference LocalType(Instruction ins)
    {
        var index = ins.OpCode.Code switch
        {
            Code.Ldloc_0 => 0,
            Code.Ldloc_1 => 1,
            Code.Ldloc_2 => 2,
            Code.Ldloc_3 => 3,
            _ => ((VariableDefinition)ins.Operand).Index,
        };
        return _method.Body.Variables[index].VariableType;
    }
}
