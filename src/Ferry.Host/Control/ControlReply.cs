using Ferry.Abstractions.Control;

namespace Ferry.Host.Control;

/// <summary>What a control request gets: the response line, and what to do once it has been sent (e.g. exit).</summary>
internal sealed record ControlReply(ControlResponse Response, Action? AfterSent = null);
