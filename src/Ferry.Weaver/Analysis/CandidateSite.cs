using Mono.Cecil.Cil;

namespace Ferry.Weaver.Analysis;

/// <summary>A call or back-edge of a method, with what the weaver must know to instrument it.</summary>
public sealed class CandidateSite
{
    public required Instruction Instruction { get; init; }
    /// <summary>Original index of the instruction.</summary>
    public required int Index { get; init; }
    public required StackEntry[] Stack { get; init; }
    public required bool IsBackEdge { get; init; }
    /// <summary>Inside a catch, finally, fault or filter body: the frame cannot be resumed there.</summary>
    public required bool InHandler { get; init; }
    /// <summary>Every value that must survive (stack below the arguments, receiver) can be saved or re-created.</summary>
    public required bool Savable { get; init; }
    /// <summary>Number of stack values the call consumes (receiver included).</summary>
    public int ArgumentCount { get; init; }
    public bool HasReceiver { get; init; }
}
