using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ferry.Node.Cluster;

/// <summary>
/// The cluster a node belongs to: its id and the shared token every API call must carry. The first
/// node of a cluster generates both at its first start; a node started with <c>--join</c> takes them
/// from the member it joins. Stored with mode 0600 — the token is the cluster's only secret.
/// </summary>
public sealed record ClusterCredentials(
    [property: JsonPropertyName("clusterId")] string ClusterId,
    [property: JsonPropertyName("token")] string Token)
{
    private const string TokenPrefix = "fry1.";

    public static ClusterCredentials Generate() =>
        new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32)));

    public static bool IsWellFormedToken(string token) =>
        token.StartsWith(TokenPrefix, StringComparison.Ordinal) && token.Length == TokenPrefix.Length + 43
        && token.AsSpan(TokenPrefix.Length).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") < 0;

    /// <summary>Compare in constant time so a peer cannot learn the token byte by byte.</summary>
    public bool Accepts(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(presented), System.Text.Encoding.ASCII.GetBytes(Token));

    public static ClusterCredentials? TryLoad(string path)
    {
        if (!File.Exists(path)) return null;
        var loaded = JsonSerializer.Deserialize<ClusterCredentials>(File.ReadAllText(path));
        if (loaded is null || string.IsNullOrEmpty(loaded.ClusterId) || !IsWellFormedToken(loaded.Token))
            throw new InvalidDataException($"{path} is not a Ferry cluster credentials file");
        return loaded;
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, this);
        }
        File.Move(temp, path, overwrite: true);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
