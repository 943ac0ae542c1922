namespace Ferry.Node.Bundles;

/// <summary>One file of a bundle: relative path ('/' separators), length, SHA-256.</summary>
public sealed record BundleFile(string Path, long Length, byte[] Sha256);
