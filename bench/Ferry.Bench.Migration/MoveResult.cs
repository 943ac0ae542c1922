namespace Ferry.Bench.Migration;

/// <summary>One move of one row (heap, dirty rate, mode): what the client saw and what the move reported.</summary>
public sealed record MoveResult
{
    public required int HeapMb { get; init; }
    public required long LiveMb { get; init; }
    public required double DirtyMbps { get; init; }
    public required string Mode { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }

    /// <summary>Why the move did not run or failed (then the numbers below are not set).</summary>
    public string? Error { get; init; }

    /// <summary><c>ferry migrate</c> calls until one went through (the others were refused: a connection was open).</summary>
    public int Attempts { get; init; }

    /// <summary>Longest gap between two consecutive answers around the move (think time included).</summary>
    public double ClientPauseMs { get; init; }

    /// <summary>Longest request (first send → answer, reconnects included) around the move.</summary>
    public double LongestRequestMs { get; init; }

    /// <summary>Connections the client opened in vain during the pause (refused, reset or dropped before the answer).</summary>
    public int Reconnects { get; init; }

    /// <summary>Of <see cref="Reconnects"/>, those refused outright (no listener on the port).</summary>
    public int Refused { get; init; }

    /// <summary>Part of the client pause spent on a request the frozen source held, until its connection failed.</summary>
    public double HungMs { get; init; }

    /// <summary>Part of the client pause with nothing listening (first to last refused connection).</summary>
    public double NoListenerMs { get; init; }

    /// <summary>Median gap between answers in the seconds before the move: the client's resolution.</summary>
    public double TypicalGapMs { get; init; }

    /// <summary>The mode the move reports it ran (a pre-copy asked for may not be possible).</summary>
    public string? RanAs { get; init; }

    /// <summary>Pre-copy rounds sent while the app ran, and their bytes.</summary>
    public int Rounds { get; init; }
    public long RoundBytes { get; init; }

    /// <summary>The bytes written while the app was stopped: the final round, or the whole image.</summary>
    public long FinalRoundBytes { get; init; }

    public double PauseMs { get; init; }
    public double TotalMs { get; init; }
    public Dictionary<string, double> PhaseMs { get; init; } = [];
    public long BytesSent { get; init; }
    public long ImageBytes { get; init; }

    /// <summary>Loopback bytes per second measured in the same row.</summary>
    public double LoopbackBytesPerSecond { get; init; }

    /// <summary>Bytes ÷ loopback bandwidth: what the move would take if sending were all it did.</summary>
    public double WireMs => LoopbackBytesPerSecond > 0 ? BytesSent / LoopbackBytesPerSecond * 1000 : 0;

    public double TotalOverWire => WireMs > 0 ? TotalMs / WireMs : 0;

    /// <summary>After the move: every record intact, the count right, mutations not gone back, every answer right.</summary>
    public bool StateIntact { get; init; }
    public string? StateProblem { get; init; }

    /// <summary>Cold start of the row's app (ferry run → first answer, heap filled), for the clone ratio.</summary>
    public double ColdStartMs { get; init; }
}
