"""Modal dialogs: small questions asked over a screen."""
