"""The shared floor: helpers every app may use; it imports none of them."""
