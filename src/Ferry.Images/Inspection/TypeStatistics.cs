namespace Ferry.Images.Inspection;

/// <summary>How many objects of a type an image holds and how many bytes they take.</summary>
public sealed record TypeStatistics(string TypeName, int Count, long Bytes);
