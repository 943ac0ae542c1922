using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ferry.Weaver.Instrumentation;

/// <summary>
/// Makes an app type's statics restorable: static fields lose <c>initonly</c> (so a restore can
/// set them), and every type with statics gets a class constructor that begins with
/// <c>if (TypeInitGate.ShouldSkip(typeof(T))) return;</c> — it records that the type was
/// initialized, and in a restored process keeps the class constructor from running again.
/// </summary>
public static class StaticsPreparer
{
    public static bool Prepare(TypeDefinition type, RuntimeApi api)
    {
        if (type.IsInterface) return false;
        var statics = type.Fields.Where(f => f.IsStatic && !f.IsLiteral && !f.HasFieldRVA && !IsThreadStatic(f)).ToList();
        if (statics.Count == 0) return false;
        foreach (var f in statics) f.IsInitOnly = false;

        var cctor = type.Methods.FirstOrDefault(m => m.IsConstructor && m.IsStatic);
        if (cctor is null)
        {
            cctor = new MethodDefinition(".cctor",
                MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.SpecialName |
                MethodAttributes.RTSpecialName | MethodAttributes.HideBySig,
                type.Module.TypeSystem.Void);
            cctor.Body.Instructions.Add(Instruction.Create(OpCodes.Ret));
            type.Methods.Add(cctor);
        }

        TypeReference self = type;
        if (type.HasGenericParameters)
        {
            var inst = new GenericInstanceType(type);
            foreach (var gp in type.GenericParameters) inst.GenericArguments.Add(gp);
            self = inst;
        }
        var il = cctor.Body.Instructions;
        var first = il[0];
        var prologue = new[]
        {
            Instruction.Create(OpCodes.Ldtoken, self),
            Instruction.Create(OpCodes.Call, api.TypeHandleToType),
            Instruction.Create(OpCodes.Call, api.TypeInitShouldSkip),
            Instruction.Create(OpCodes.Brfalse, first),
            Instruction.Create(OpCodes.Ret),
        };
        for (var i = 0; i < prologue.Length; i++) il.Insert(i, prologue[i]);
        return true;
    }

    private static bool IsThreadStatic(FieldDefinition f) =>
        f.CustomAttributes.Any(a => a.AttributeType.FullName == "System.ThreadStaticAttribute");
}
