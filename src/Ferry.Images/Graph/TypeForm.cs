namespace Ferry.Images.Graph;

/// <summary>How a type definition names its type. Part of the format.</summary>
internal enum TypeForm : byte
{
    /// <summary>Assembly simple name + full type name, resolved only through the allowlist.</summary>
    Named = 1,
    /// <summary>A generic definition and its arguments.</summary>
    Generic = 2,
    SzArray = 3,
    /// <summary>Multi-dimensional (or rank-1 with bounds) array: element + rank.</summary>
    MdArray = 4,
    ByRef = 5,
    /// <summary>A framework singleton such as EqualityComparer&lt;T&gt;.Default: code + optional type argument.</summary>
    WellKnown = 6,
    /// <summary>An object replaced by a surrogate when written: the surrogate's type.</summary>
    Surrogate = 7,
}
