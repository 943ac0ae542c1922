namespace Ferry.Node.Bundles;

/// <summary>What sending a bundle did: its id, the bytes that went over, whether the target had it already.</summary>
public sealed record BundleTransfer(string Id, long BytesSent, bool AlreadyPresent);
