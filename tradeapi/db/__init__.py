"""The single DynamoDB table: its definition, key builders, item mapping and cursors."""
