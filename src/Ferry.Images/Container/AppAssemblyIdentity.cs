using System.Reflection;
using System.Security.Cryptography;

namespace Ferry.Images;

/// <summary>
/// Which build of an app assembly an image was made from: a restore needs exactly the same code,
/// because saved frames and field layouts only make sense for it.
/// </summary>
public sealed record AppAssemblyIdentity(string Name, string Version, Guid Mvid, byte[] ContentHash)
{
    /// <summary>Name, version and MVID of a loaded assembly, with the SHA-256 of its file when it has one.</summary>
    public static AppAssemblyIdentity FromAssembly(Assembly assembly)
    {
        var name = assembly.GetName();
        byte[] hash = [];
        if (!string.IsNullOrEmpty(assembly.Location) && File.Exists(assembly.Location))
        {
            using var file = File.OpenRead(assembly.Location);
            hash = SHA256.HashData(file);
        }
        return new AppAssemblyIdentity(name.Name ?? "", name.Version?.ToString() ?? "", assembly.ManifestModule.ModuleVersionId, hash);
    }

    /// <summary>True when both name the same build (same MVID, and same content hash when both have one).</summary>
    public bool SameBuildAs(AppAssemblyIdentity other) =>
        Name == other.Name && Mvid == other.Mvid
        && (ContentHash.Length == 0 || other.ContentHash.Length == 0 || ContentHash.AsSpan().SequenceEqual(other.ContentHash));

    public override string ToString() => $"{Name} {Version} ({Mvid})";

    public bool Equals(AppAssemblyIdentity? other) =>
        other is not null && Name == other.Name && Version == other.Version && Mvid == other.Mvid
        && ContentHash.AsSpan().SequenceEqual(other.ContentHash);

    public override int GetHashCode() => HashCode.Combine(Name, Mvid);
}
