using System.Security.Cryptography;

namespace Ferry.Abstractions.Instances;

/// <summary>Instance ids: 12 lowercase hex characters, random (as podman's short ids), unique per FERRY_HOME.</summary>
public static class InstanceId
{
    public const int Length = 12;

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));

    public static bool IsWellFormed(string? value) =>
        value is { Length: Length } && IsHex(value);

    /// <summary>True when <paramref name="value"/> could be the start of an id (so it may be matched as a prefix).</summary>
    public static bool IsHex(string value) => value.Length > 0 && value.All(char.IsAsciiHexDigitLower);
}
