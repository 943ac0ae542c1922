using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ferry.Weaver.Instrumentation;

/// <summary>
/// The second copy of a capturable method, <c>M$resume</c>: same signature, same body before
/// instrumentation, private and never inlined. The method itself (the fast copy) carries no restore
/// path — a restore dispatch jumps into the middle of loops, which makes them irreducible and costs
/// the JIT its loop optimizations — and hands a frame being rebuilt to this copy, which is woven with
/// the restore dispatch and runs the rebuilt invocation until it returns (docs/capture-protocol.md).
/// </summary>
public static class ResumableCopy
{
    public const string Suffix = "$resume";

    /// <summary>Clone <paramref name="method"/>'s current body into a new method of the same type.</summary>
    public static MethodDefinition Create(MethodDefinition method)
    {
        var attributes = MethodAttributes.Private | MethodAttributes.HideBySig;
        if (method.IsStatic) attributes |= MethodAttributes.Static;
        var copy = new MethodDefinition(method.Name + Suffix, attributes, method.ReturnType)
        {
            HasThis = method.HasThis,
            ExplicitThis = method.ExplicitThis,
            CallingConvention = method.CallingConvention,
            // Entered only to rebuild a frame: keep it a frame of its own (the stack check and the
            // site ranges are per method) and out of the fast copy's code.
            ImplAttributes = (method.ImplAttributes & ~MethodImplAttributes.AggressiveInlining) | MethodImplAttributes.NoInlining,
        };
        // Types in the body refer to the original's generic parameters; they are written by
        // position (!!0), which the copy's own parameters match.
        foreach (var gp in method.GenericParameters)
        {
            var p = new GenericParameter(gp.Name, copy) { Attributes = gp.Attributes };
            foreach (var c in gp.Constraints) p.Constraints.Add(new GenericParameterConstraint(c.ConstraintType));
            copy.GenericParameters.Add(p);
        }
        foreach (var p in method.Parameters)
            copy.Parameters.Add(new ParameterDefinition(p.Name, p.Attributes & (ParameterAttributes.In | ParameterAttributes.Out), p.ParameterType));
        method.DeclaringType.Methods.Add(copy);
        CloneBody(method, copy);
        return copy;
    }

    private static void CloneBody(MethodDefinition from, MethodDefinition to)
    {
        var source = from.Body;
        var body = to.Body;
        body.InitLocals = source.InitLocals;
        var variables = new Dictionary<VariableDefinition, VariableDefinition>();
        foreach (var v in source.Variables)
        {
            var nv = new VariableDefinition(v.VariableType);
            body.Variables.Add(nv);
            variables[v] = nv;
        }
        var parameters = new Dictionary<ParameterDefinition, ParameterDefinition>();
        for (var i = 0; i < from.Parameters.Count; i++) parameters[from.Parameters[i]] = to.Parameters[i];
        if (from.HasThis) parameters[source.ThisParameter] = body.ThisParameter;

        var instructions = new Dictionary<Instruction, Instruction>();
        foreach (var ins in source.Instructions)
        {
            var copy = Instruction.Create(OpCodes.Nop);
            copy.OpCode = ins.OpCode;
            copy.Operand = ins.Operand switch
            {
                VariableDefinition v => variables[v],
                ParameterDefinition p => parameters[p],
                _ => ins.Operand,
            };
            instructions[ins] = copy;
            body.Instructions.Add(copy);
        }
        foreach (var copy in body.Instructions)
        {
            copy.Operand = copy.Operand switch
            {
                Instruction target => instructions[target],
                Instruction[] targets => targets.Select(t => instructions[t]).ToArray(),
                _ => copy.Operand,
            };
        }
        Instruction? Map(Instruction? ins) => ins is null ? null : instructions[ins];
        foreach (var h in source.ExceptionHandlers)
        {
            body.ExceptionHandlers.Add(new ExceptionHandler(h.HandlerType)
            {
                TryStart = Map(h.TryStart),
                TryEnd = Map(h.TryEnd),
                HandlerStart = Map(h.HandlerStart),
                HandlerEnd = Map(h.HandlerEnd),
                FilterStart = Map(h.FilterStart),
                CatchType = h.CatchType,
            });
        }
    }

    /// <summary>
    /// How <paramref name="method"/> calls <paramref name="copy"/>: through the declaring type and the
    /// method instantiated over their own generic parameters when they have any.
    /// </summary>
    public static MethodReference CallReference(MethodDefinition method, MethodDefinition copy)
    {
        var type = method.DeclaringType;
        if (!type.HasGenericParameters && !copy.HasGenericParameters) return copy;
        TypeReference declaring = type;
        if (type.HasGenericParameters)
        {
            var instance = new GenericInstanceType(type);
            foreach (var gp in type.GenericParameters) instance.GenericArguments.Add(gp);
            declaring = instance;
        }
        var reference = new MethodReference(copy.Name, copy.ReturnType, declaring)
        {
            HasThis = copy.HasThis,
            ExplicitThis = copy.ExplicitThis,
            CallingConvention = copy.CallingConvention,
        };
        foreach (var gp in copy.GenericParameters) reference.GenericParameters.Add(new GenericParameter(gp.Name, reference));
        foreach (var p in copy.Parameters) reference.Parameters.Add(new ParameterDefinition(p.ParameterType));
        if (!copy.HasGenericParameters) return reference;
        var generic = new GenericInstanceMethod(reference);
        foreach (var gp in method.GenericParameters) generic.GenericArguments.Add(gp);
        return generic;
    }
}
