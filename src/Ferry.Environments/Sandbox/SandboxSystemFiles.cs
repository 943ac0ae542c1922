using System.Security.Cryptography;
using System.Text;

namespace Ferry.Environments.Sandbox;

/// <summary>
/// The part of the host file system every sandbox sees read-only: /usr (programs and shared libraries,
/// the merged-/usr symlinks beside it) and the few /etc files libc and .NET read at startup. Everything
/// else of /etc stays hidden; /etc/passwd and /etc/group are generated with the current user only, so
/// user names resolve (Environment.UserName) without listing the host's accounts.
/// </summary>
internal static class SandboxSystemFiles
{
    /// <summary>Top-level entries beside /usr: symlinks into /usr on merged-/usr systems, directories elsewhere.</summary>
    private static readonly string[] RootEntries = ["bin", "sbin", "lib", "lib32", "lib64", "libx32"];

    /// <summary>
    /// /etc entries the dynamic loader, libc (name service, DNS, time zone) and .NET (TLS roots, OS name)
    /// read. Missing ones are skipped (--ro-bind-try).
    /// </summary>
    private static readonly string[] EtcEntries =
    [
        "ld.so.cache", "ld.so.conf", "ld.so.conf.d",
        "nsswitch.conf", "host.conf", "gai.conf", "hosts", "resolv.conf",
        "localtime", "timezone",
        "ssl", "ca-certificates", "ca-certificates.conf", "pki", "crypto-policies",
        "os-release",
    ];

    /// <summary>bwrap options that lay out the system part of the sandbox's root.</summary>
    public static IEnumerable<string> Arguments(string generatedEtc)
    {
        yield return "--ro-bind"; yield return "/usr"; yield return "/usr";
        foreach (var name in RootEntries)
        {
            var path = "/" + name;
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
            {
                yield return "--symlink"; yield return target; yield return path;
            }
            else if (Directory.Exists(path))
            {
                yield return "--ro-bind"; yield return path; yield return path;
            }
        }
        foreach (var name in EtcEntries)
        {
            yield return "--ro-bind-try"; yield return "/etc/" + name; yield return "/etc/" + name;
        }
        foreach (var name in new[] { "passwd", "group" })
        {
            yield return "--ro-bind"; yield return Path.Combine(generatedEtc, name); yield return "/etc/" + name;
        }
    }

    /// <summary>
    /// Writes (once per content) the generated passwd and group files, in a directory no sandbox binds
    /// writable, and returns that directory.
    /// </summary>
    public static string GeneratedEtc()
    {
        var uid = NativeIds.EffectiveUserId();
        var gid = NativeIds.EffectiveGroupId();
        var passwd = LinesWithId("/etc/passwd", uid) ?? $"ferry:x:{uid}:{gid}:ferry:/:/usr/sbin/nologin\n";
        var group = LinesWithId("/etc/group", gid) ?? $"ferry:x:{gid}:\n";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(passwd + "\0" + group)))[..16];
        var dir = Path.Combine(Path.GetTempPath(), $"ferry-sandbox-{uid}", hash);
        if (File.Exists(Path.Combine(dir, "group"))) return dir;
        Directory.CreateDirectory(dir);
        WriteAtomically(Path.Combine(dir, "passwd"), passwd);
        WriteAtomically(Path.Combine(dir, "group"), group);
        return dir;
    }

    /// <summary>The lines of a passwd/group file whose third field is <paramref name="id"/>; null when none.</summary>
    private static string? LinesWithId(string file, uint id)
    {
        if (!File.Exists(file)) return null;
        var wanted = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var lines = File.ReadLines(file).Where(l => l.Split(':') is { Length: >= 3 } f && f[2] == wanted).ToList();
        return lines.Count == 0 ? null : string.Join('\n', lines) + "\n";
    }

    private static void WriteAtomically(string path, string text)
    {
        // Concurrent launches may write the same file: each writes its own temporary and renames it.
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
