using Mono.Cecil.Cil;

namespace Ferry.Weaver.Analysis;

/// <summary>A protected range of a method body with all the handlers that share it.</summary>
public sealed class TryRegion
{
    public TryRegion(int start, int end) => (Start, End) = (start, end);

    /// <summary>Original instruction index range [Start, End).</summary>
    public int Start { get; }
    public int End { get; }
    public List<ExceptionHandler> Handlers { get; } = new();

    public bool Contains(int index) => index >= Start && index < End;

    /// <summary>True if this region strictly encloses <paramref name="other"/>.</summary>
    public bool Encloses(TryRegion other) =>
        !ReferenceEquals(this, other) && Start <= other.Start && other.End <= End && (End - Start) > (other.End - other.Start);
}
