namespace Ferry.Images.Graph;

/// <summary>Framework singletons written by name instead of by content. Part of the format.</summary>
internal enum WellKnownCode : byte
{
    DefaultEqualityComparer = 1,
    DefaultComparer = 2,
    OrdinalComparer = 3,
    OrdinalIgnoreCaseComparer = 4,
    InvariantCultureComparer = 5,
    InvariantCultureIgnoreCaseComparer = 6,
    ReferenceEqualityComparer = 7,
    SharedRandom = 8,
}
