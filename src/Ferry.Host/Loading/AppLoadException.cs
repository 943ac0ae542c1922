namespace Ferry.Host.Loading;

/// <summary>The app could not be loaded or has nothing to run; the message is one line.</summary>
internal sealed class AppLoadException(string message, Exception? inner = null) : Exception(message, inner);
