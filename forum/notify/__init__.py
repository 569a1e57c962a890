"""E-mail: composing messages in the reader's language and sending them over SMTP."""
