import * as $protobuf from "protobufjs";
import Long = require("long");

/** Namespace im. */
export namespace im {

    /** Namespace v1. */
    namespace v1 {

        /**
         * Properties of a Heartbeat.
         * @deprecated Use im.v1.Heartbeat.$Properties instead.
         */
        interface IHeartbeat extends im.v1.Heartbeat.$Properties {
        }

        /** Represents a Heartbeat. */
        class Heartbeat {

            /**
             * Constructs a new Heartbeat.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.Heartbeat.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /**
             * Creates a new Heartbeat instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Heartbeat instance
             */
            static create(properties: im.v1.Heartbeat.$Shape): im.v1.Heartbeat & im.v1.Heartbeat.$Shape;
            static create(properties?: im.v1.Heartbeat.$Properties): im.v1.Heartbeat;

            /**
             * Encodes the specified Heartbeat message. Does not implicitly {@link im.v1.Heartbeat.verify|verify} messages.
             * @param message Heartbeat message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.Heartbeat.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Heartbeat message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.Heartbeat & im.v1.Heartbeat.$Shape} Heartbeat
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.Heartbeat & im.v1.Heartbeat.$Shape;

            /**
             * Verifies a Heartbeat message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a Heartbeat message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Heartbeat
             */
            static fromObject(object: { [k: string]: any }): im.v1.Heartbeat;

            /**
             * Creates a plain object from a Heartbeat message. Also converts values to other types if specified.
             * @param message Heartbeat
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.Heartbeat, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Heartbeat to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace Heartbeat {

            /** Properties of a Heartbeat. */
            interface $Properties {

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Heartbeat. */
            type $Shape = im.v1.Heartbeat.$Properties;
        }

        /**
         * Properties of an Acknowledge.
         * @deprecated Use im.v1.Acknowledge.$Properties instead.
         */
        interface IAcknowledge extends im.v1.Acknowledge.$Properties {
        }

        /** Represents an Acknowledge. */
        class Acknowledge {

            /**
             * Constructs a new Acknowledge.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.Acknowledge.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Acknowledge ack. */
            ack: (number|Long);

            /** Acknowledge conversationId. */
            conversationId: string;

            /** Acknowledge seqId. */
            seqId: (number|Long);

            /** Acknowledge createdAt. */
            createdAt: (number|Long);

            /**
             * Creates a new Acknowledge instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Acknowledge instance
             */
            static create(properties: im.v1.Acknowledge.$Shape): im.v1.Acknowledge & im.v1.Acknowledge.$Shape;
            static create(properties?: im.v1.Acknowledge.$Properties): im.v1.Acknowledge;

            /**
             * Encodes the specified Acknowledge message. Does not implicitly {@link im.v1.Acknowledge.verify|verify} messages.
             * @param message Acknowledge message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.Acknowledge.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Acknowledge message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.Acknowledge & im.v1.Acknowledge.$Shape} Acknowledge
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.Acknowledge & im.v1.Acknowledge.$Shape;

            /**
             * Verifies an Acknowledge message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates an Acknowledge message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Acknowledge
             */
            static fromObject(object: { [k: string]: any }): im.v1.Acknowledge;

            /**
             * Creates a plain object from an Acknowledge message. Also converts values to other types if specified.
             * @param message Acknowledge
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.Acknowledge, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Acknowledge to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace Acknowledge {

            /** Properties of an Acknowledge. */
            interface $Properties {

                /** Acknowledge ack */
                ack?: (number|Long|null);

                /** Acknowledge conversationId */
                conversationId?: (string|null);

                /** Acknowledge seqId */
                seqId?: (number|Long|null);

                /** Acknowledge createdAt */
                createdAt?: (number|Long|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Acknowledge. */
            type $Shape = im.v1.Acknowledge.$Properties;
        }

        /**
         * Properties of a FriendMessage.
         * @deprecated Use im.v1.FriendMessage.$Properties instead.
         */
        interface IFriendMessage extends im.v1.FriendMessage.$Properties {
        }

        /** Represents a FriendMessage. */
        class FriendMessage {

            /**
             * Constructs a new FriendMessage.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.FriendMessage.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** FriendMessage seq. */
            seq: (number|Long);

            /** FriendMessage seqId. */
            seqId: (number|Long);

            /** FriendMessage from. */
            from: string;

            /** FriendMessage to. */
            to: string;

            /** FriendMessage type. */
            type: string;

            /** FriendMessage content. */
            content: string;

            /** FriendMessage conversationId. */
            conversationId: string;

            /** FriendMessage fromDevice. */
            fromDevice: string;

            /** FriendMessage clientMsgId. */
            clientMsgId: string;

            /** FriendMessage createdAt. */
            createdAt: (number|Long);

            /** FriendMessage recalled. */
            recalled: boolean;

            /**
             * Creates a new FriendMessage instance using the specified properties.
             * @param [properties] Properties to set
             * @returns FriendMessage instance
             */
            static create(properties: im.v1.FriendMessage.$Shape): im.v1.FriendMessage & im.v1.FriendMessage.$Shape;
            static create(properties?: im.v1.FriendMessage.$Properties): im.v1.FriendMessage;

            /**
             * Encodes the specified FriendMessage message. Does not implicitly {@link im.v1.FriendMessage.verify|verify} messages.
             * @param message FriendMessage message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.FriendMessage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a FriendMessage message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.FriendMessage & im.v1.FriendMessage.$Shape} FriendMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.FriendMessage & im.v1.FriendMessage.$Shape;

            /**
             * Verifies a FriendMessage message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a FriendMessage message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns FriendMessage
             */
            static fromObject(object: { [k: string]: any }): im.v1.FriendMessage;

            /**
             * Creates a plain object from a FriendMessage message. Also converts values to other types if specified.
             * @param message FriendMessage
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.FriendMessage, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this FriendMessage to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace FriendMessage {

            /** Properties of a FriendMessage. */
            interface $Properties {

                /** FriendMessage seq */
                seq?: (number|Long|null);

                /** FriendMessage seqId */
                seqId?: (number|Long|null);

                /** FriendMessage from */
                from?: (string|null);

                /** FriendMessage to */
                to?: (string|null);

                /** FriendMessage type */
                type?: (string|null);

                /** FriendMessage content */
                content?: (string|null);

                /** FriendMessage conversationId */
                conversationId?: (string|null);

                /** FriendMessage fromDevice */
                fromDevice?: (string|null);

                /** FriendMessage clientMsgId */
                clientMsgId?: (string|null);

                /** FriendMessage createdAt */
                createdAt?: (number|Long|null);

                /** FriendMessage recalled */
                recalled?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a FriendMessage. */
            type $Shape = im.v1.FriendMessage.$Properties;
        }

        /**
         * Properties of a GroupMessage.
         * @deprecated Use im.v1.GroupMessage.$Properties instead.
         */
        interface IGroupMessage extends im.v1.GroupMessage.$Properties {
        }

        /** Represents a GroupMessage. */
        class GroupMessage {

            /**
             * Constructs a new GroupMessage.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.GroupMessage.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** GroupMessage seq. */
            seq: (number|Long);

            /** GroupMessage seqId. */
            seqId: (number|Long);

            /** GroupMessage from. */
            from: string;

            /** GroupMessage to. */
            to: string;

            /** GroupMessage type. */
            type: string;

            /** GroupMessage content. */
            content: string;

            /** GroupMessage broadcastIdList. */
            broadcastIdList: string[];

            /** GroupMessage conversationId. */
            conversationId: string;

            /** GroupMessage fromDevice. */
            fromDevice: string;

            /** GroupMessage clientMsgId. */
            clientMsgId: string;

            /** GroupMessage createdAt. */
            createdAt: (number|Long);

            /** GroupMessage recalled. */
            recalled: boolean;

            /**
             * Creates a new GroupMessage instance using the specified properties.
             * @param [properties] Properties to set
             * @returns GroupMessage instance
             */
            static create(properties: im.v1.GroupMessage.$Shape): im.v1.GroupMessage & im.v1.GroupMessage.$Shape;
            static create(properties?: im.v1.GroupMessage.$Properties): im.v1.GroupMessage;

            /**
             * Encodes the specified GroupMessage message. Does not implicitly {@link im.v1.GroupMessage.verify|verify} messages.
             * @param message GroupMessage message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.GroupMessage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a GroupMessage message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.GroupMessage & im.v1.GroupMessage.$Shape} GroupMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.GroupMessage & im.v1.GroupMessage.$Shape;

            /**
             * Verifies a GroupMessage message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a GroupMessage message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns GroupMessage
             */
            static fromObject(object: { [k: string]: any }): im.v1.GroupMessage;

            /**
             * Creates a plain object from a GroupMessage message. Also converts values to other types if specified.
             * @param message GroupMessage
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.GroupMessage, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this GroupMessage to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace GroupMessage {

            /** Properties of a GroupMessage. */
            interface $Properties {

                /** GroupMessage seq */
                seq?: (number|Long|null);

                /** GroupMessage seqId */
                seqId?: (number|Long|null);

                /** GroupMessage from */
                from?: (string|null);

                /** GroupMessage to */
                to?: (string|null);

                /** GroupMessage type */
                type?: (string|null);

                /** GroupMessage content */
                content?: (string|null);

                /** GroupMessage broadcastIdList */
                broadcastIdList?: (string[]|null);

                /** GroupMessage conversationId */
                conversationId?: (string|null);

                /** GroupMessage fromDevice */
                fromDevice?: (string|null);

                /** GroupMessage clientMsgId */
                clientMsgId?: (string|null);

                /** GroupMessage createdAt */
                createdAt?: (number|Long|null);

                /** GroupMessage recalled */
                recalled?: (boolean|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a GroupMessage. */
            type $Shape = im.v1.GroupMessage.$Properties;
        }

        /**
         * Properties of a ClientLogin.
         * @deprecated Use im.v1.ClientLogin.$Properties instead.
         */
        interface IClientLogin extends im.v1.ClientLogin.$Properties {
        }

        /** Represents a ClientLogin. */
        class ClientLogin {

            /**
             * Constructs a new ClientLogin.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.ClientLogin.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ClientLogin seq. */
            seq: (number|Long);

            /** ClientLogin userId. */
            userId: string;

            /** ClientLogin token. */
            token: string;

            /** ClientLogin clientInfo. */
            clientInfo: string;

            /** ClientLogin cursor. */
            cursor: string;

            /** ClientLogin deviceId. */
            deviceId: string;

            /**
             * Creates a new ClientLogin instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ClientLogin instance
             */
            static create(properties: im.v1.ClientLogin.$Shape): im.v1.ClientLogin & im.v1.ClientLogin.$Shape;
            static create(properties?: im.v1.ClientLogin.$Properties): im.v1.ClientLogin;

            /**
             * Encodes the specified ClientLogin message. Does not implicitly {@link im.v1.ClientLogin.verify|verify} messages.
             * @param message ClientLogin message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.ClientLogin.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ClientLogin message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.ClientLogin & im.v1.ClientLogin.$Shape} ClientLogin
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.ClientLogin & im.v1.ClientLogin.$Shape;

            /**
             * Verifies a ClientLogin message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a ClientLogin message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ClientLogin
             */
            static fromObject(object: { [k: string]: any }): im.v1.ClientLogin;

            /**
             * Creates a plain object from a ClientLogin message. Also converts values to other types if specified.
             * @param message ClientLogin
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.ClientLogin, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ClientLogin to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace ClientLogin {

            /** Properties of a ClientLogin. */
            interface $Properties {

                /** ClientLogin seq */
                seq?: (number|Long|null);

                /** ClientLogin userId */
                userId?: (string|null);

                /** ClientLogin token */
                token?: (string|null);

                /** ClientLogin clientInfo */
                clientInfo?: (string|null);

                /** ClientLogin cursor */
                cursor?: (string|null);

                /** ClientLogin deviceId */
                deviceId?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ClientLogin. */
            type $Shape = im.v1.ClientLogin.$Properties;
        }

        /**
         * Properties of a ClientLogout.
         * @deprecated Use im.v1.ClientLogout.$Properties instead.
         */
        interface IClientLogout extends im.v1.ClientLogout.$Properties {
        }

        /** Represents a ClientLogout. */
        class ClientLogout {

            /**
             * Constructs a new ClientLogout.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.ClientLogout.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ClientLogout seq. */
            seq: (number|Long);

            /** ClientLogout userId. */
            userId: string;

            /** ClientLogout token. */
            token: string;

            /** ClientLogout clientInfo. */
            clientInfo: string;

            /**
             * Creates a new ClientLogout instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ClientLogout instance
             */
            static create(properties: im.v1.ClientLogout.$Shape): im.v1.ClientLogout & im.v1.ClientLogout.$Shape;
            static create(properties?: im.v1.ClientLogout.$Properties): im.v1.ClientLogout;

            /**
             * Encodes the specified ClientLogout message. Does not implicitly {@link im.v1.ClientLogout.verify|verify} messages.
             * @param message ClientLogout message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.ClientLogout.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ClientLogout message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.ClientLogout & im.v1.ClientLogout.$Shape} ClientLogout
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.ClientLogout & im.v1.ClientLogout.$Shape;

            /**
             * Verifies a ClientLogout message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a ClientLogout message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ClientLogout
             */
            static fromObject(object: { [k: string]: any }): im.v1.ClientLogout;

            /**
             * Creates a plain object from a ClientLogout message. Also converts values to other types if specified.
             * @param message ClientLogout
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.ClientLogout, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ClientLogout to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace ClientLogout {

            /** Properties of a ClientLogout. */
            interface $Properties {

                /** ClientLogout seq */
                seq?: (number|Long|null);

                /** ClientLogout userId */
                userId?: (string|null);

                /** ClientLogout token */
                token?: (string|null);

                /** ClientLogout clientInfo */
                clientInfo?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ClientLogout. */
            type $Shape = im.v1.ClientLogout.$Properties;
        }

        /**
         * Properties of a ClientStatus.
         * @deprecated Use im.v1.ClientStatus.$Properties instead.
         */
        interface IClientStatus extends im.v1.ClientStatus.$Properties {
        }

        /** Represents a ClientStatus. */
        class ClientStatus {

            /**
             * Constructs a new ClientStatus.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.ClientStatus.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ClientStatus seq. */
            seq: (number|Long);

            /** ClientStatus userId. */
            userId: string;

            /** ClientStatus serverId. */
            serverId: string;

            /** ClientStatus status. */
            status: boolean;

            /** ClientStatus clientInfo. */
            clientInfo: string;

            /** ClientStatus broadcastIdList. */
            broadcastIdList: string[];

            /** ClientStatus at. */
            at: (number|Long);

            /**
             * Creates a new ClientStatus instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ClientStatus instance
             */
            static create(properties: im.v1.ClientStatus.$Shape): im.v1.ClientStatus & im.v1.ClientStatus.$Shape;
            static create(properties?: im.v1.ClientStatus.$Properties): im.v1.ClientStatus;

            /**
             * Encodes the specified ClientStatus message. Does not implicitly {@link im.v1.ClientStatus.verify|verify} messages.
             * @param message ClientStatus message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.ClientStatus.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ClientStatus message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.ClientStatus & im.v1.ClientStatus.$Shape} ClientStatus
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.ClientStatus & im.v1.ClientStatus.$Shape;

            /**
             * Verifies a ClientStatus message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a ClientStatus message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ClientStatus
             */
            static fromObject(object: { [k: string]: any }): im.v1.ClientStatus;

            /**
             * Creates a plain object from a ClientStatus message. Also converts values to other types if specified.
             * @param message ClientStatus
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.ClientStatus, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ClientStatus to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace ClientStatus {

            /** Properties of a ClientStatus. */
            interface $Properties {

                /** ClientStatus seq */
                seq?: (number|Long|null);

                /** ClientStatus userId */
                userId?: (string|null);

                /** ClientStatus serverId */
                serverId?: (string|null);

                /** ClientStatus status */
                status?: (boolean|null);

                /** ClientStatus clientInfo */
                clientInfo?: (string|null);

                /** ClientStatus broadcastIdList */
                broadcastIdList?: (string[]|null);

                /** ClientStatus at */
                at?: (number|Long|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ClientStatus. */
            type $Shape = im.v1.ClientStatus.$Properties;
        }

        /**
         * Properties of a ReadMessage.
         * @deprecated Use im.v1.ReadMessage.$Properties instead.
         */
        interface IReadMessage extends im.v1.ReadMessage.$Properties {
        }

        /** Represents a ReadMessage. */
        class ReadMessage {

            /**
             * Constructs a new ReadMessage.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.ReadMessage.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** ReadMessage from. */
            from: string;

            /** ReadMessage to. */
            to: string;

            /** ReadMessage seqId. */
            seqId: (number|Long);

            /** ReadMessage type. */
            type: im.v1.ReadMessage.Type;

            /** ReadMessage conversationId. */
            conversationId: string;

            /** ReadMessage userId. */
            userId: string;

            /**
             * Creates a new ReadMessage instance using the specified properties.
             * @param [properties] Properties to set
             * @returns ReadMessage instance
             */
            static create(properties: im.v1.ReadMessage.$Shape): im.v1.ReadMessage & im.v1.ReadMessage.$Shape;
            static create(properties?: im.v1.ReadMessage.$Properties): im.v1.ReadMessage;

            /**
             * Encodes the specified ReadMessage message. Does not implicitly {@link im.v1.ReadMessage.verify|verify} messages.
             * @param message ReadMessage message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.ReadMessage.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a ReadMessage message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.ReadMessage & im.v1.ReadMessage.$Shape} ReadMessage
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.ReadMessage & im.v1.ReadMessage.$Shape;

            /**
             * Verifies a ReadMessage message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a ReadMessage message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns ReadMessage
             */
            static fromObject(object: { [k: string]: any }): im.v1.ReadMessage;

            /**
             * Creates a plain object from a ReadMessage message. Also converts values to other types if specified.
             * @param message ReadMessage
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.ReadMessage, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this ReadMessage to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace ReadMessage {

            /** Properties of a ReadMessage. */
            interface $Properties {

                /** ReadMessage from */
                from?: (string|null);

                /** ReadMessage to */
                to?: (string|null);

                /** ReadMessage seqId */
                seqId?: (number|Long|null);

                /** ReadMessage type */
                type?: (im.v1.ReadMessage.Type|null);

                /** ReadMessage conversationId */
                conversationId?: (string|null);

                /** ReadMessage userId */
                userId?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a ReadMessage. */
            type $Shape = im.v1.ReadMessage.$Properties;

            /** Type enum. */
            enum Type {

                /** FRIEND value */
                FRIEND = 0,

                /** GROUP value */
                GROUP = 1
            }
        }

        /**
         * Properties of an Inputting.
         * @deprecated Use im.v1.Inputting.$Properties instead.
         */
        interface IInputting extends im.v1.Inputting.$Properties {
        }

        /** Represents an Inputting. */
        class Inputting {

            /**
             * Constructs a new Inputting.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.Inputting.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Inputting from. */
            from: string;

            /** Inputting to. */
            to: string;

            /** Inputting conversationId. */
            conversationId: string;

            /**
             * Creates a new Inputting instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Inputting instance
             */
            static create(properties: im.v1.Inputting.$Shape): im.v1.Inputting & im.v1.Inputting.$Shape;
            static create(properties?: im.v1.Inputting.$Properties): im.v1.Inputting;

            /**
             * Encodes the specified Inputting message. Does not implicitly {@link im.v1.Inputting.verify|verify} messages.
             * @param message Inputting message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.Inputting.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Inputting message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.Inputting & im.v1.Inputting.$Shape} Inputting
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.Inputting & im.v1.Inputting.$Shape;

            /**
             * Verifies an Inputting message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates an Inputting message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Inputting
             */
            static fromObject(object: { [k: string]: any }): im.v1.Inputting;

            /**
             * Creates a plain object from an Inputting message. Also converts values to other types if specified.
             * @param message Inputting
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.Inputting, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Inputting to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace Inputting {

            /** Properties of an Inputting. */
            interface $Properties {

                /** Inputting from */
                from?: (string|null);

                /** Inputting to */
                to?: (string|null);

                /** Inputting conversationId */
                conversationId?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Inputting. */
            type $Shape = im.v1.Inputting.$Properties;
        }

        /**
         * Properties of a LoginAck.
         * @deprecated Use im.v1.LoginAck.$Properties instead.
         */
        interface ILoginAck extends im.v1.LoginAck.$Properties {
        }

        /** Represents a LoginAck. */
        class LoginAck {

            /**
             * Constructs a new LoginAck.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.LoginAck.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** LoginAck userId. */
            userId: string;

            /** LoginAck deviceId. */
            deviceId: string;

            /** LoginAck cursor. */
            cursor: string;

            /**
             * Creates a new LoginAck instance using the specified properties.
             * @param [properties] Properties to set
             * @returns LoginAck instance
             */
            static create(properties: im.v1.LoginAck.$Shape): im.v1.LoginAck & im.v1.LoginAck.$Shape;
            static create(properties?: im.v1.LoginAck.$Properties): im.v1.LoginAck;

            /**
             * Encodes the specified LoginAck message. Does not implicitly {@link im.v1.LoginAck.verify|verify} messages.
             * @param message LoginAck message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.LoginAck.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a LoginAck message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.LoginAck & im.v1.LoginAck.$Shape} LoginAck
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.LoginAck & im.v1.LoginAck.$Shape;

            /**
             * Verifies a LoginAck message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a LoginAck message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns LoginAck
             */
            static fromObject(object: { [k: string]: any }): im.v1.LoginAck;

            /**
             * Creates a plain object from a LoginAck message. Also converts values to other types if specified.
             * @param message LoginAck
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.LoginAck, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this LoginAck to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace LoginAck {

            /** Properties of a LoginAck. */
            interface $Properties {

                /** LoginAck userId */
                userId?: (string|null);

                /** LoginAck deviceId */
                deviceId?: (string|null);

                /** LoginAck cursor */
                cursor?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a LoginAck. */
            type $Shape = im.v1.LoginAck.$Properties;
        }

        /**
         * Properties of a Recall.
         * @deprecated Use im.v1.Recall.$Properties instead.
         */
        interface IRecall extends im.v1.Recall.$Properties {
        }

        /** Represents a Recall. */
        class Recall {

            /**
             * Constructs a new Recall.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.Recall.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Recall conversationId. */
            conversationId: string;

            /** Recall seqId. */
            seqId: (number|Long);

            /** Recall by. */
            by: string;

            /**
             * Creates a new Recall instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Recall instance
             */
            static create(properties: im.v1.Recall.$Shape): im.v1.Recall & im.v1.Recall.$Shape;
            static create(properties?: im.v1.Recall.$Properties): im.v1.Recall;

            /**
             * Encodes the specified Recall message. Does not implicitly {@link im.v1.Recall.verify|verify} messages.
             * @param message Recall message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.Recall.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Recall message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.Recall & im.v1.Recall.$Shape} Recall
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.Recall & im.v1.Recall.$Shape;

            /**
             * Verifies a Recall message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a Recall message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Recall
             */
            static fromObject(object: { [k: string]: any }): im.v1.Recall;

            /**
             * Creates a plain object from a Recall message. Also converts values to other types if specified.
             * @param message Recall
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.Recall, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Recall to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace Recall {

            /** Properties of a Recall. */
            interface $Properties {

                /** Recall conversationId */
                conversationId?: (string|null);

                /** Recall seqId */
                seqId?: (number|Long|null);

                /** Recall by */
                by?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a Recall. */
            type $Shape = im.v1.Recall.$Properties;
        }

        /**
         * Properties of a FriendRequest.
         * @deprecated Use im.v1.FriendRequest.$Properties instead.
         */
        interface IFriendRequest extends im.v1.FriendRequest.$Properties {
        }

        /** Represents a FriendRequest. */
        class FriendRequest {

            /**
             * Constructs a new FriendRequest.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.FriendRequest.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** FriendRequest id. */
            id: string;

            /** FriendRequest from. */
            from: string;

            /** FriendRequest to. */
            to: string;

            /** FriendRequest message. */
            message: string;

            /** FriendRequest createdAt. */
            createdAt: (number|Long);

            /**
             * Creates a new FriendRequest instance using the specified properties.
             * @param [properties] Properties to set
             * @returns FriendRequest instance
             */
            static create(properties: im.v1.FriendRequest.$Shape): im.v1.FriendRequest & im.v1.FriendRequest.$Shape;
            static create(properties?: im.v1.FriendRequest.$Properties): im.v1.FriendRequest;

            /**
             * Encodes the specified FriendRequest message. Does not implicitly {@link im.v1.FriendRequest.verify|verify} messages.
             * @param message FriendRequest message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.FriendRequest.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a FriendRequest message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.FriendRequest & im.v1.FriendRequest.$Shape} FriendRequest
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.FriendRequest & im.v1.FriendRequest.$Shape;

            /**
             * Verifies a FriendRequest message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a FriendRequest message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns FriendRequest
             */
            static fromObject(object: { [k: string]: any }): im.v1.FriendRequest;

            /**
             * Creates a plain object from a FriendRequest message. Also converts values to other types if specified.
             * @param message FriendRequest
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.FriendRequest, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this FriendRequest to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace FriendRequest {

            /** Properties of a FriendRequest. */
            interface $Properties {

                /** FriendRequest id */
                id?: (string|null);

                /** FriendRequest from */
                from?: (string|null);

                /** FriendRequest to */
                to?: (string|null);

                /** FriendRequest message */
                message?: (string|null);

                /** FriendRequest createdAt */
                createdAt?: (number|Long|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a FriendRequest. */
            type $Shape = im.v1.FriendRequest.$Properties;
        }

        /**
         * Properties of a FriendEvent.
         * @deprecated Use im.v1.FriendEvent.$Properties instead.
         */
        interface IFriendEvent extends im.v1.FriendEvent.$Properties {
        }

        /** Represents a FriendEvent. */
        class FriendEvent {

            /**
             * Constructs a new FriendEvent.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.FriendEvent.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** FriendEvent kind. */
            kind: im.v1.FriendEvent.Kind;

            /** FriendEvent userId. */
            userId: string;

            /** FriendEvent request. */
            request?: (im.v1.FriendRequest.$Properties|null);

            /**
             * Creates a new FriendEvent instance using the specified properties.
             * @param [properties] Properties to set
             * @returns FriendEvent instance
             */
            static create(properties: im.v1.FriendEvent.$Shape): im.v1.FriendEvent & im.v1.FriendEvent.$Shape;
            static create(properties?: im.v1.FriendEvent.$Properties): im.v1.FriendEvent;

            /**
             * Encodes the specified FriendEvent message. Does not implicitly {@link im.v1.FriendEvent.verify|verify} messages.
             * @param message FriendEvent message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.FriendEvent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a FriendEvent message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.FriendEvent & im.v1.FriendEvent.$Shape} FriendEvent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.FriendEvent & im.v1.FriendEvent.$Shape;

            /**
             * Verifies a FriendEvent message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a FriendEvent message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns FriendEvent
             */
            static fromObject(object: { [k: string]: any }): im.v1.FriendEvent;

            /**
             * Creates a plain object from a FriendEvent message. Also converts values to other types if specified.
             * @param message FriendEvent
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.FriendEvent, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this FriendEvent to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace FriendEvent {

            /** Properties of a FriendEvent. */
            interface $Properties {

                /** FriendEvent kind */
                kind?: (im.v1.FriendEvent.Kind|null);

                /** FriendEvent userId */
                userId?: (string|null);

                /** FriendEvent request */
                request?: (im.v1.FriendRequest.$Properties|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a FriendEvent. */
            type $Shape = im.v1.FriendEvent.$Properties;

            /** Kind enum. */
            enum Kind {

                /** KIND_UNSPECIFIED value */
                KIND_UNSPECIFIED = 0,

                /** FRIEND_REQUEST value */
                FRIEND_REQUEST = 1,

                /** FRIEND_ADDED value */
                FRIEND_ADDED = 2,

                /** FRIEND_REMOVED value */
                FRIEND_REMOVED = 3
            }
        }

        /**
         * Properties of a GroupEvent.
         * @deprecated Use im.v1.GroupEvent.$Properties instead.
         */
        interface IGroupEvent extends im.v1.GroupEvent.$Properties {
        }

        /** Represents a GroupEvent. */
        class GroupEvent {

            /**
             * Constructs a new GroupEvent.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.GroupEvent.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** GroupEvent groupId. */
            groupId: string;

            /** GroupEvent action. */
            action: string;

            /** GroupEvent userIds. */
            userIds: string[];

            /**
             * Creates a new GroupEvent instance using the specified properties.
             * @param [properties] Properties to set
             * @returns GroupEvent instance
             */
            static create(properties: im.v1.GroupEvent.$Shape): im.v1.GroupEvent & im.v1.GroupEvent.$Shape;
            static create(properties?: im.v1.GroupEvent.$Properties): im.v1.GroupEvent;

            /**
             * Encodes the specified GroupEvent message. Does not implicitly {@link im.v1.GroupEvent.verify|verify} messages.
             * @param message GroupEvent message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.GroupEvent.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a GroupEvent message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.GroupEvent & im.v1.GroupEvent.$Shape} GroupEvent
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.GroupEvent & im.v1.GroupEvent.$Shape;

            /**
             * Verifies a GroupEvent message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a GroupEvent message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns GroupEvent
             */
            static fromObject(object: { [k: string]: any }): im.v1.GroupEvent;

            /**
             * Creates a plain object from a GroupEvent message. Also converts values to other types if specified.
             * @param message GroupEvent
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.GroupEvent, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this GroupEvent to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace GroupEvent {

            /** Properties of a GroupEvent. */
            interface $Properties {

                /** GroupEvent groupId */
                groupId?: (string|null);

                /** GroupEvent action */
                action?: (string|null);

                /** GroupEvent userIds */
                userIds?: (string[]|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of a GroupEvent. */
            type $Shape = im.v1.GroupEvent.$Properties;
        }

        /**
         * Properties of an Event.
         * @deprecated Use im.v1.Event.$Properties instead.
         */
        interface IEvent extends im.v1.Event.$Properties {
        }

        /** Represents an Event. */
        class Event {

            /**
             * Constructs a new Event.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.Event.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Event cursor. */
            cursor: string;

            /** Event at. */
            at: (number|Long);

            /** Event friendMessage. */
            friendMessage?: (im.v1.FriendMessage.$Properties|null);

            /** Event groupMessage. */
            groupMessage?: (im.v1.GroupMessage.$Properties|null);

            /** Event recall. */
            recall?: (im.v1.Recall.$Properties|null);

            /** Event read. */
            read?: (im.v1.ReadMessage.$Properties|null);

            /** Event inputting. */
            inputting?: (im.v1.Inputting.$Properties|null);

            /** Event status. */
            status?: (im.v1.ClientStatus.$Properties|null);

            /** Event friendEvent. */
            friendEvent?: (im.v1.FriendEvent.$Properties|null);

            /** Event groupEvent. */
            groupEvent?: (im.v1.GroupEvent.$Properties|null);

            /** Event body. */
            body?: ("friendMessage"|"groupMessage"|"recall"|"read"|"inputting"|"status"|"friendEvent"|"groupEvent");

            /**
             * Creates a new Event instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Event instance
             */
            static create(properties: im.v1.Event.$Shape): im.v1.Event & im.v1.Event.$Shape;
            static create(properties?: im.v1.Event.$Properties): im.v1.Event;

            /**
             * Encodes the specified Event message. Does not implicitly {@link im.v1.Event.verify|verify} messages.
             * @param message Event message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.Event.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Event message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.Event & im.v1.Event.$Shape} Event
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.Event & im.v1.Event.$Shape;

            /**
             * Verifies an Event message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates an Event message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Event
             */
            static fromObject(object: { [k: string]: any }): im.v1.Event;

            /**
             * Creates a plain object from an Event message. Also converts values to other types if specified.
             * @param message Event
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.Event, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Event to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace Event {

            /** Properties of an Event. */
            interface $Properties {

                /** Event cursor */
                cursor?: (string|null);

                /** Event at */
                at?: (number|Long|null);

                /** Event friendMessage */
                friendMessage?: (im.v1.FriendMessage.$Properties|null);

                /** Event groupMessage */
                groupMessage?: (im.v1.GroupMessage.$Properties|null);

                /** Event recall */
                recall?: (im.v1.Recall.$Properties|null);

                /** Event read */
                read?: (im.v1.ReadMessage.$Properties|null);

                /** Event inputting */
                inputting?: (im.v1.Inputting.$Properties|null);

                /** Event status */
                status?: (im.v1.ClientStatus.$Properties|null);

                /** Event friendEvent */
                friendEvent?: (im.v1.FriendEvent.$Properties|null);

                /** Event groupEvent */
                groupEvent?: (im.v1.GroupEvent.$Properties|null);

                /** Event body */
                body?: ("friendMessage"|"groupMessage"|"recall"|"read"|"inputting"|"status"|"friendEvent"|"groupEvent");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of an Event. */
            type $Shape = {
              cursor?: string|null;
              at?: number|Long|null;
              friendMessage?: im.v1.FriendMessage.$Shape|null;
              groupMessage?: im.v1.GroupMessage.$Shape|null;
              recall?: im.v1.Recall.$Shape|null;
              read?: im.v1.ReadMessage.$Shape|null;
              inputting?: im.v1.Inputting.$Shape|null;
              status?: im.v1.ClientStatus.$Shape|null;
              friendEvent?: im.v1.FriendEvent.$Shape|null;
              groupEvent?: im.v1.GroupEvent.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ body?: undefined; friendMessage?: null; groupMessage?: null; recall?: null; read?: null; inputting?: null; status?: null; friendEvent?: null; groupEvent?: null }|{ body?: "friendMessage"; friendMessage: im.v1.FriendMessage.$Shape; groupMessage?: null; recall?: null; read?: null; inputting?: null; status?: null; friendEvent?: null; groupEvent?: null }|{ body?: "groupMessage"; friendMessage?: null; groupMessage: im.v1.GroupMessage.$Shape; recall?: null; read?: null; inputting?: null; status?: null; friendEvent?: null; groupEvent?: null }|{ body?: "recall"; friendMessage?: null; groupMessage?: null; recall: im.v1.Recall.$Shape; read?: null; inputting?: null; status?: null; friendEvent?: null; groupEvent?: null }|{ body?: "read"; friendMessage?: null; groupMessage?: null; recall?: null; read: im.v1.ReadMessage.$Shape; inputting?: null; status?: null; friendEvent?: null; groupEvent?: null }|{ body?: "inputting"; friendMessage?: null; groupMessage?: null; recall?: null; read?: null; inputting: im.v1.Inputting.$Shape; status?: null; friendEvent?: null; groupEvent?: null }|{ body?: "status"; friendMessage?: null; groupMessage?: null; recall?: null; read?: null; inputting?: null; status: im.v1.ClientStatus.$Shape; friendEvent?: null; groupEvent?: null }|{ body?: "friendEvent"; friendMessage?: null; groupMessage?: null; recall?: null; read?: null; inputting?: null; status?: null; friendEvent: im.v1.FriendEvent.$Shape; groupEvent?: null }|{ body?: "groupEvent"; friendMessage?: null; groupMessage?: null; recall?: null; read?: null; inputting?: null; status?: null; friendEvent?: null; groupEvent: im.v1.GroupEvent.$Shape })
            );
        }

        /**
         * Properties of an Error.
         * @deprecated Use im.v1.Error.$Properties instead.
         */
        interface IError extends im.v1.Error.$Properties {
        }

        /** Represents an Error. */
        class Error {

            /**
             * Constructs a new Error.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.Error.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Error code. */
            code: string;

            /** Error message. */
            message: string;

            /** Error seq. */
            seq: (number|Long);

            /** Error retryAfterMs. */
            retryAfterMs: (number|Long);

            /** Error cursor. */
            cursor: string;

            /**
             * Creates a new Error instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Error instance
             */
            static create(properties: im.v1.Error.$Shape): im.v1.Error & im.v1.Error.$Shape;
            static create(properties?: im.v1.Error.$Properties): im.v1.Error;

            /**
             * Encodes the specified Error message. Does not implicitly {@link im.v1.Error.verify|verify} messages.
             * @param message Error message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.Error.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes an Error message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.Error & im.v1.Error.$Shape} Error
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.Error & im.v1.Error.$Shape;

            /**
             * Verifies an Error message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates an Error message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Error
             */
            static fromObject(object: { [k: string]: any }): im.v1.Error;

            /**
             * Creates a plain object from an Error message. Also converts values to other types if specified.
             * @param message Error
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.Error, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Error to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace Error {

            /** Properties of an Error. */
            interface $Properties {

                /** Error code */
                code?: (string|null);

                /** Error message */
                message?: (string|null);

                /** Error seq */
                seq?: (number|Long|null);

                /** Error retryAfterMs */
                retryAfterMs?: (number|Long|null);

                /** Error cursor */
                cursor?: (string|null);

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Shape of an Error. */
            type $Shape = im.v1.Error.$Properties;
        }

        /**
         * Properties of a Frame.
         * @deprecated Use im.v1.Frame.$Properties instead.
         */
        interface IFrame extends im.v1.Frame.$Properties {
        }

        /** Represents a Frame. */
        class Frame {

            /**
             * Constructs a new Frame.
             * @param [properties] Properties to set
             */
            constructor(properties?: im.v1.Frame.$Properties);

            /** Unknown fields preserved while decoding when enabled */
            $unknowns?: Uint8Array[];

            /** Frame heartbeat. */
            heartbeat?: (im.v1.Heartbeat.$Properties|null);

            /** Frame ack. */
            ack?: (im.v1.Acknowledge.$Properties|null);

            /** Frame friendMessage. */
            friendMessage?: (im.v1.FriendMessage.$Properties|null);

            /** Frame groupMessage. */
            groupMessage?: (im.v1.GroupMessage.$Properties|null);

            /** Frame login. */
            login?: (im.v1.ClientLogin.$Properties|null);

            /** Frame loginAck. */
            loginAck?: (im.v1.LoginAck.$Properties|null);

            /** Frame logout. */
            logout?: (im.v1.ClientLogout.$Properties|null);

            /** Frame status. */
            status?: (im.v1.ClientStatus.$Properties|null);

            /** Frame read. */
            read?: (im.v1.ReadMessage.$Properties|null);

            /** Frame inputting. */
            inputting?: (im.v1.Inputting.$Properties|null);

            /** Frame recall. */
            recall?: (im.v1.Recall.$Properties|null);

            /** Frame event. */
            event?: (im.v1.Event.$Properties|null);

            /** Frame error. */
            error?: (im.v1.Error.$Properties|null);

            /** Frame body. */
            body?: ("heartbeat"|"ack"|"friendMessage"|"groupMessage"|"login"|"loginAck"|"logout"|"status"|"read"|"inputting"|"recall"|"event"|"error");

            /**
             * Creates a new Frame instance using the specified properties.
             * @param [properties] Properties to set
             * @returns Frame instance
             */
            static create(properties: im.v1.Frame.$Shape): im.v1.Frame & im.v1.Frame.$Shape;
            static create(properties?: im.v1.Frame.$Properties): im.v1.Frame;

            /**
             * Encodes the specified Frame message. Does not implicitly {@link im.v1.Frame.verify|verify} messages.
             * @param message Frame message or plain object to encode
             * @param [writer] Writer to encode to
             * @returns Writer
             */
            static encode(message: im.v1.Frame.$Properties, writer?: $protobuf.Writer): $protobuf.Writer;

            /**
             * Decodes a Frame message from the specified reader or buffer.
             * @param reader Reader or buffer to decode from
             * @param [length] Message length if known beforehand
             * @returns {im.v1.Frame & im.v1.Frame.$Shape} Frame
             * @throws {Error} If the payload is not a reader or valid buffer
             * @throws {$protobuf.util.ProtocolError} If required fields are missing
             */
            static decode(reader: ($protobuf.Reader|Uint8Array), length?: number): im.v1.Frame & im.v1.Frame.$Shape;

            /**
             * Verifies a Frame message.
             * @param message Plain object to verify
             * @returns `null` if valid, otherwise the reason why it is not
             */
            static verify(message: { [k: string]: any }): (string|null);

            /**
             * Creates a Frame message from a plain object. Also converts values to their respective internal types.
             * @param object Plain object
             * @returns Frame
             */
            static fromObject(object: { [k: string]: any }): im.v1.Frame;

            /**
             * Creates a plain object from a Frame message. Also converts values to other types if specified.
             * @param message Frame
             * @param [options] Conversion options
             * @returns Plain object
             */
            static toObject(message: im.v1.Frame, options?: $protobuf.IConversionOptions): { [k: string]: any };

            /**
             * Converts this Frame to JSON.
             * @returns JSON object
             */
            toJSON(): { [k: string]: any };
        }

        namespace Frame {

            /** Properties of a Frame. */
            interface $Properties {

                /** Frame heartbeat */
                heartbeat?: (im.v1.Heartbeat.$Properties|null);

                /** Frame ack */
                ack?: (im.v1.Acknowledge.$Properties|null);

                /** Frame friendMessage */
                friendMessage?: (im.v1.FriendMessage.$Properties|null);

                /** Frame groupMessage */
                groupMessage?: (im.v1.GroupMessage.$Properties|null);

                /** Frame login */
                login?: (im.v1.ClientLogin.$Properties|null);

                /** Frame loginAck */
                loginAck?: (im.v1.LoginAck.$Properties|null);

                /** Frame logout */
                logout?: (im.v1.ClientLogout.$Properties|null);

                /** Frame status */
                status?: (im.v1.ClientStatus.$Properties|null);

                /** Frame read */
                read?: (im.v1.ReadMessage.$Properties|null);

                /** Frame inputting */
                inputting?: (im.v1.Inputting.$Properties|null);

                /** Frame recall */
                recall?: (im.v1.Recall.$Properties|null);

                /** Frame event */
                event?: (im.v1.Event.$Properties|null);

                /** Frame error */
                error?: (im.v1.Error.$Properties|null);

                /** Frame body */
                body?: ("heartbeat"|"ack"|"friendMessage"|"groupMessage"|"login"|"loginAck"|"logout"|"status"|"read"|"inputting"|"recall"|"event"|"error");

                /** Unknown fields preserved while decoding when enabled */
                $unknowns?: Uint8Array[];
            }

            /** Narrowed shape of a Frame. */
            type $Shape = {
              heartbeat?: im.v1.Heartbeat.$Shape|null;
              ack?: im.v1.Acknowledge.$Shape|null;
              friendMessage?: im.v1.FriendMessage.$Shape|null;
              groupMessage?: im.v1.GroupMessage.$Shape|null;
              login?: im.v1.ClientLogin.$Shape|null;
              loginAck?: im.v1.LoginAck.$Shape|null;
              logout?: im.v1.ClientLogout.$Shape|null;
              status?: im.v1.ClientStatus.$Shape|null;
              read?: im.v1.ReadMessage.$Shape|null;
              inputting?: im.v1.Inputting.$Shape|null;
              recall?: im.v1.Recall.$Shape|null;
              event?: im.v1.Event.$Shape|null;
              error?: im.v1.Error.$Shape|null;
              $unknowns?: Uint8Array[];
            } & (
              ({ body?: undefined; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "heartbeat"; heartbeat: im.v1.Heartbeat.$Shape; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "ack"; heartbeat?: null; ack: im.v1.Acknowledge.$Shape; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "friendMessage"; heartbeat?: null; ack?: null; friendMessage: im.v1.FriendMessage.$Shape; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "groupMessage"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage: im.v1.GroupMessage.$Shape; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "login"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login: im.v1.ClientLogin.$Shape; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "loginAck"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck: im.v1.LoginAck.$Shape; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "logout"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout: im.v1.ClientLogout.$Shape; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "status"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status: im.v1.ClientStatus.$Shape; read?: null; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "read"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read: im.v1.ReadMessage.$Shape; inputting?: null; recall?: null; event?: null; error?: null }|{ body?: "inputting"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting: im.v1.Inputting.$Shape; recall?: null; event?: null; error?: null }|{ body?: "recall"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall: im.v1.Recall.$Shape; event?: null; error?: null }|{ body?: "event"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event: im.v1.Event.$Shape; error?: null }|{ body?: "error"; heartbeat?: null; ack?: null; friendMessage?: null; groupMessage?: null; login?: null; loginAck?: null; logout?: null; status?: null; read?: null; inputting?: null; recall?: null; event?: null; error: im.v1.Error.$Shape })
            );
        }
    }
}
