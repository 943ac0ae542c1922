namespace Ferry.Host.Capture;

/// <summary>
/// The capture suite's test mode, from environment variables (docs/capture-protocol.md, "Test mode"):
/// FERRY_TEST_CHECKPOINT_AT=N or FERRY_TEST_CHECKPOINT_EVERY=K with FERRY_TEST_IMAGE=PATH,
/// FERRY_TEST_CHECKPOINT_LIMIT=M (default 50), FERRY_TEST_SAFEPOINT_COUNT=PATH, FERRY_TEST_PAUSE_AT=N with
/// FERRY_TEST_PAUSED=PATH (hold the N-th safe point until a checkpoint is requested; PATH says it is held).
/// </summary>
internal sealed record TestModeSettings(long? At, long? Every, int Limit, string? ImagePath, string? CountPath, long? PauseAt = null, string? PausedPath = null)
{
    public const int DefaultLimit = 50;

    public bool Enabled => At is not null || Every is not null || CountPath is not null || PauseAt is not null;

    /// <summary>Read the variables; null when none is set. Throws <see cref="FormatException"/> with one line on a bad value.</summary>
    public static TestModeSettings? FromEnvironment(Func<string, string?> get)
    {
        var at = PositiveLong(get, "FERRY_TEST_CHECKPOINT_AT");
        var every = PositiveLong(get, "FERRY_TEST_CHECKPOINT_EVERY");
        var limit = (int?)PositiveLong(get, "FERRY_TEST_CHECKPOINT_LIMIT") ?? DefaultLimit;
        var image = NonEmpty(get("FERRY_TEST_IMAGE"));
        var count = NonEmpty(get("FERRY_TEST_SAFEPOINT_COUNT"));
        var pauseAt = PositiveLong(get, "FERRY_TEST_PAUSE_AT");
        var paused = NonEmpty(get("FERRY_TEST_PAUSED"));
        if (at is not null && every is not null)
            throw new FormatException("FERRY_TEST_CHECKPOINT_AT and FERRY_TEST_CHECKPOINT_EVERY exclude each other");
        if ((at is not null || every is not null) && image is null)
            throw new FormatException("FERRY_TEST_CHECKPOINT_AT and FERRY_TEST_CHECKPOINT_EVERY need FERRY_TEST_IMAGE");
        var settings = new TestModeSettings(at, every, limit,
            image is null ? null : Path.GetFullPath(image),
            count is null ? null : Path.GetFullPath(count),
            pauseAt,
            paused is null ? null : Path.GetFullPath(paused));
        return settings.Enabled ? settings : null;
    }

    private static long? PositiveLong(Func<string, string?> get, string name)
    {
        var text = NonEmpty(get(name));
        if (text is null) return null;
        if (!long.TryParse(text, out var value) || value < 1 || (name.EndsWith("LIMIT", StringComparison.Ordinal) && value > int.MaxValue))
            throw new FormatException($"{name}={text} is not a positive whole number");
        return value;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
