namespace Ferry.Images.Graph;

/// <summary>
/// What one round of an incremental graph wrote. <see cref="Pending"/> objects could not be read consistently
/// while the app ran (or reference what only a surrogate stands for) and are left for a later round.
/// </summary>
public sealed record RoundStats(int Round, bool Final, int Updates, int NewObjects, int Pending, int ObjectCount,
    long RawBytes, IReadOnlyDictionary<string, long> RawBytesBySection);
