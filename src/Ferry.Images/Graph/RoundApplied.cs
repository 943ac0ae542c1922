namespace Ferry.Images.Graph;

/// <summary>What applying one round (<see cref="RoundReader.Apply"/>) read.</summary>
/// <param name="Updates">Objects read before that the round wrote again.</param>
/// <param name="NewObjects">Objects the round introduced.</param>
/// <param name="RawBytes">Raw bytes of the round's graph sections (before compression).</param>
public sealed record RoundApplied(int Round, bool Final, int Updates, int NewObjects, long RawBytes);
