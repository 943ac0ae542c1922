using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Ferry.Weaver.Analysis;

/// <summary>
/// One value on the evaluation stack: its type as precisely as the simulator knows it, and the
/// instruction that pushed it (so an address of a local can be re-created rather than saved).
/// </summary>
public readonly record struct StackEntry(TypeReference Type, Instruction? Producer)
{
    /// <summary>A byref to a local, an argument or a static field: re-creatable by repeating the producer.</summary>
    public bool IsRematerializable =>
        Producer is not null && Producer.OpCode.Code is Code.Ldloca or Code.Ldloca_S or Code.Ldarga or Code.Ldarga_S or Code.Ldsflda;
}
