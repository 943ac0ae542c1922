using System.Security.Cryptography;
using System.Text;
using Ferry.Abstractions;
using Ferry.Weaver;
using Microsoft.Extensions.Logging;

namespace Ferry.Node.Apps;

/// <summary>
/// Woven apps under <c>$FERRY_HOME/cache/&lt;content-hash&gt;-&lt;weaver-version&gt;/</c>. The app is its
/// directory (the folder of APP.dll, as <c>dotnet APP.dll</c> sees it); the same content woven by the same
/// weaver is woven once. A cache entry appears whole or not at all (woven aside, then renamed in).
/// </summary>
public sealed class WovenAppCache(FerryHome home, ILoggerFactory loggers)
{
    private const string CompleteMarker = ".ferry-woven";

    /// <summary>The woven copy of <paramref name="appPath"/> (weaving it now if needed).</summary>
    public string Prepare(string appPath)
    {
        var appDir = Path.GetDirectoryName(appPath)!;
        var weaver = new AppWeaver(loggers.CreateLogger<AppWeaver>());
        var key = $"{ContentHash(appDir)}-{VersionHash(weaver.OutputVersion)}";
        var entry = Path.Combine(home.CacheDir, key);
        var woven = Path.Combine(entry, Path.GetFileName(appPath));
        if (File.Exists(Path.Combine(entry, CompleteMarker))) return woven;

        Directory.CreateDirectory(home.CacheDir);
        var staging = Path.Combine(home.CacheDir, $".{key}.{Environment.ProcessId}.tmp");
        try
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            weaver.WeaveApp(appPath, staging);
            File.WriteAllText(Path.Combine(staging, CompleteMarker), weaver.OutputVersion);
            try
            {
                Directory.Move(staging, entry);
            }
            catch (IOException) when (File.Exists(Path.Combine(entry, CompleteMarker)))
            {
                // Another ferry wove the same app at the same time; theirs is as good.
            }
            return woven;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>SHA-256 over every file of the app directory (relative path, length, content), 16 hex digits.</summary>
    public static string ContentHash(string appDir)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.GetFiles(appDir, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(appDir, f).Replace('\\', '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        var buffer = new byte[81920];
        foreach (var (full, relative) in files)
        {
            using var stream = File.OpenRead(full);
            sha.AppendData(Encoding.UTF8.GetBytes($"{relative}\0{stream.Length}\0"));
            int read;
            while ((read = stream.Read(buffer)) > 0) sha.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    /// <summary>The weaver's version (it changes with any rebuild of the weaver or runtime), shortened.</summary>
    private static string VersionHash(string version) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(version)))[..8];
}
