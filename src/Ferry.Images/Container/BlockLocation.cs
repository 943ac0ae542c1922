namespace Ferry.Images.Container;

/// <summary>Where a block's stored bytes are and how to turn them back into raw bytes.</summary>
internal readonly record struct BlockLocation(long DataOffset, ImageCompression Codec, int RawLength, int StoredLength);
