package dev.lodestone.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Makes a token's {@code sub} claim the caller's name, as the API documents.
 *
 * <p>MicroProfile JWT names the caller after {@code upn}, else {@code preferred_username}, else
 * {@code sub}, and has no setting to choose. An identity provider may put a display name or an
 * e-mail address in {@code upn} while {@code sub} is the stable user id the engine keys data by, so
 * every row-level check ({@link Access}) and every per-client budget must see {@code sub}. A token
 * without {@code sub} names nobody and is refused.
 */
@ApplicationScoped
public class SubjectIdentity implements SecurityIdentityAugmentor {

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            return Uni.createFrom().failure(new AuthenticationFailedException("the token has no sub claim"));
        }
        if (subject.equals(token.getName())) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom()
                .item(QuarkusSecurityIdentity.builder(identity)
                        .setPrincipal(new SubjectNamedToken(token))
                        .build());
    }

    /** The verified token, unchanged but for its name. */
    static final class SubjectNamedToken implements JsonWebToken {

        private final JsonWebToken token;

        SubjectNamedToken(JsonWebToken token) {
            this.token = token;
        }

        @Override
        public String getName() {
            return token.getSubject();
        }

        @Override
        public Set<String> getClaimNames() {
            return token.getClaimNames();
        }

        @Override
        public <T> T getClaim(String claimName) {
            return token.getClaim(claimName);
        }

        @Override
        public Set<String> getGroups() {
            return token.getGroups();
        }

        @Override
        public Set<String> getAudience() {
            return token.getAudience();
        }

        /** The name only: a token's claims do not belong in logs. */
        @Override
        public String toString() {
            return getName();
        }
    }
}
